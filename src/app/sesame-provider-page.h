/* sesame-provider-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sesame-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_PROVIDER_PAGE (sesame_provider_page_get_type ())

/* The profile settings' Provider page: the diagnosis of the provider's discovery
 * document (sesame-profile-diagnosis.h), read when the page is shown.
 */
G_DECLARE_FINAL_TYPE (SesameProviderPage, sesame_provider_page, SESAME, PROVIDER_PAGE,
                      AdwPreferencesPage)

SesameProviderPage *sesame_provider_page_new (SesameProfileStore *store,
                                              const char         *profile_id);

G_END_DECLS
