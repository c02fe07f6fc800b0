/* noop.c - a program that does nothing: build-aux/bench links it with nothing but the C
 * library, with GLib, and with GTK and libadwaita, to show what linking alone costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

int
main (void)
{
  return 0;
}
