/* sesame-token-service-client.c
 *
 * `sesame token NAME` asking the running app first. C library only: see
 * sesame-token-service-client.h for the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE   /* struct ucred */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sesame-token-service-client.h"

#define FIRST_ANSWER_MS 1000     /* an app that does not answer this soon is not asked */
#define REFRESH_ANSWER_MS 60000  /* after WAIT: the app refreshes, bounded by its HTTP timeouts */
#define MAX_ANSWER (1 << 20)

typedef struct
{
  const char *name;
  const char *format;
  const char *min_valid;
  char        config_dir[4096];
} Request;

static int
is_decimal (const char *text)
{
  size_t length = strlen (text);

  if (length == 0 || length > 9)
    return 0;
  for (size_t i = 0; i < length; i++)
    if (text[i] < '0' || text[i] > '9')
      return 0;
  return 1;
}

static int
set_format (Request    *request,
            const char *format)
{
  if (strcmp (request->format, "access") != 0)
    return 0;   /* two of --header, --json, --id-token: the full command says why not */
  request->format = format;
  return 1;
}

/* The options `sesame token` takes; anything else (--help, new options) is left to the
 * full command.
 */
static int
parse (int      argc,
       char   **argv,
       Request *request)
{
  *request = (Request) { NULL, "access", "60", "" };

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--header") == 0 && set_format (request, "header"))
        continue;
      if (strcmp (arg, "--json") == 0 && set_format (request, "json"))
        continue;
      if (strcmp (arg, "--id-token") == 0 && set_format (request, "id"))
        continue;
      if (strcmp (arg, "--min-valid") == 0 && i + 1 < argc && is_decimal (argv[i + 1]))
        request->min_valid = argv[++i];
      else if (strncmp (arg, "--min-valid=", 12) == 0 && is_decimal (arg + 12))
        request->min_valid = arg + 12;
      else if (arg[0] != '-' && arg[0] != '\0' && request->name == NULL)
        request->name = arg;
      else
        return 0;
    }
  return request->name != NULL;
}

/* As GLib's g_get_user_config_dir(): $XDG_CONFIG_HOME, or $HOME/.config. */
static int
config_dir (Request *request)
{
  const char *config = getenv ("XDG_CONFIG_HOME");
  const char *home = getenv ("HOME");
  int length;

  if (config != NULL && config[0] != '\0')
    length = snprintf (request->config_dir, sizeof request->config_dir, "%s", config);
  else if (home != NULL && home[0] != '\0')
    length = snprintf (request->config_dir, sizeof request->config_dir, "%s/.config", home);
  else
    return 0;
  return length > 0 && (size_t) length < sizeof request->config_dir;
}

/* $XDG_RUNTIME_DIR/sesame/token-service, if the directory is ours and closed to others. */
static int
socket_address (struct sockaddr_un *address)
{
  const char *runtime_dir = getenv ("XDG_RUNTIME_DIR");
  struct stat dir;
  int length;

  if (runtime_dir == NULL || runtime_dir[0] != '/')
    return 0;
  memset (address, 0, sizeof *address);
  address->sun_family = AF_UNIX;
  length = snprintf (address->sun_path, sizeof address->sun_path, "%s/%s", runtime_dir,
                     SESAME_TOKEN_SERVICE_DIR);
  if (length < 0 || (size_t) length >= sizeof address->sun_path)
    return 0;
  if (lstat (address->sun_path, &dir) != 0 || !S_ISDIR (dir.st_mode) ||
      dir.st_uid != getuid () || (dir.st_mode & 077) != 0)
    return 0;
  length = snprintf (address->sun_path, sizeof address->sun_path, "%s/%s/%s", runtime_dir,
                     SESAME_TOKEN_SERVICE_DIR, SESAME_TOKEN_SERVICE_SOCKET);
  return length > 0 && (size_t) length < sizeof address->sun_path;
}

static int
connect_to_app (void)
{
  struct sockaddr_un address;
  struct ucred peer;
  socklen_t peer_length = sizeof peer;
  int fd;

  if (!socket_address (&address))
    return -1;
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 ||
      getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &peer, &peer_length) != 0 ||
      peer.uid != getuid ())
    {
      close (fd);
      return -1;
    }
  return fd;
}

static int
send_request (int            fd,
              const Request *request)
{
  char buffer[SESAME_TOKEN_SERVICE_MAX_REQUEST];
  const char *fields[] = { SESAME_TOKEN_SERVICE_MAGIC, request->format, request->min_valid,
                           request->config_dir, request->name };
  size_t length = 0;

  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    {
      size_t field = strlen (fields[i]) + 1;

      if (length + field > sizeof buffer)
        return 0;
      memcpy (buffer + length, fields[i], field);
      length += field;
    }
  for (size_t sent = 0; sent < length;)
    {
      ssize_t n = send (fd, buffer + sent, length - sent, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return 0;
      sent += (size_t) n;
    }
  return shutdown (fd, SHUT_WR) == 0;
}

static long long
now_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Reads the answer up to EOF; a WAIT line moves the deadline. Returns its length or -1. */
static ssize_t
read_answer (int    fd,
             char  *buffer,
             size_t size)
{
  long long deadline = now_ms () + FIRST_ANSWER_MS;
  size_t length = 0;

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      long long left = deadline - now_ms ();
      ssize_t n;

      if (left <= 0 || length == size)
        return -1;
      n = poll (&pfd, 1, (int) left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      n = read (fd, buffer + length, size - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        return (ssize_t) length;
      length += (size_t) n;
      if (length >= 5 && memcmp (buffer, "WAIT\n", 5) == 0)
        {
          memmove (buffer, buffer + 5, length - 5);
          length -= 5;
          deadline = now_ms () + REFRESH_ANSWER_MS;
        }
    }
}

static int
write_all (const char *text,
           size_t      length)
{
  while (length > 0)
    {
      ssize_t n = write (STDOUT_FILENO, text, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return 0;
      text += n;
      length -= (size_t) n;
    }
  return 1;
}

int
sesame_token_service_ask (int    argc,
                          char **argv)
{
  Request request;
  char *answer;
  ssize_t length = -1;
  int fd, status = -1;

  if (!parse (argc, argv, &request) || !config_dir (&request) || (fd = connect_to_app ()) < 0)
    return -1;
  answer = malloc (MAX_ANSWER);
  if (answer != NULL && send_request (fd, &request))
    length = read_answer (fd, answer, MAX_ANSWER);
  close (fd);

  if (length > 3 && memcmp (answer, "OK\n", 3) == 0)
    status = write_all (answer + 3, (size_t) length - 3) ? 0 : 1;
  if (length > 0)
    explicit_bzero (answer, (size_t) length);   /* the token: not left in freed memory */
  free (answer);
  return status;
}
