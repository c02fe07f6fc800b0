/* floor-receiver.c: the least a loopback receiver can do (build-aux/bench, sign-in)
 *
 * Usage: floor-receiver PORT TOKEN_PORT TOKEN_PATH FORM
 *
 * Listens on 127.0.0.1:PORT for one callback, takes the value of its `code` parameter as it
 * stands, POSTs FORM followed by that code to http://127.0.0.1:TOKEN_PORT/TOKEN_PATH on a
 * new connection, in one write, and prints the answer's access token on standard output.
 * It checks nothing (no state, no issuer, no JSON, no ID token) and answers the browser
 * only after printing. It is the floor of the sign-in figure: what waking up for the
 * callback, reading it and making the exchange cost when nothing else is done, beside
 * curl's bare exchange and Sesame. Not a program to use: it trusts everything it reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reads from @fd into @buffer until it holds the end of the headers and, if the headers
 * give a Content-Length, that many bytes of body. Returns the bytes read, or -1. */
static ssize_t
read_message (int     fd,
              char   *buffer,
              size_t  size)
{
  size_t len = 0;

  for (;;)
    {
      char *end;
      ssize_t n = read (fd, buffer + len, size - len - 1);

      if (n <= 0)
        return -1;
      len += (size_t) n;
      buffer[len] = '\0';
      if ((end = strstr (buffer, "\r\n\r\n")) != NULL)
        {
          const char *length = strstr (buffer, "Content-Length:");
          size_t body = length != NULL && length < end ? strtoul (length + 15, NULL, 10) : 0;

          if (len >= (size_t) (end + 4 - buffer) + body)
            return (ssize_t) len;
        }
      if (len == size - 1)
        return -1;
    }
}

int
main (int    argc,
      char **argv)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  static char request[16384], answer[65536], post[16384];
  const char *code, *token, *end;
  int listener, browser, provider, one = 1;
  int code_len, post_len;

  if (argc != 5)
    {
      fprintf (stderr, "usage: floor-receiver PORT TOKEN_PORT TOKEN_PATH FORM\n");
      return 2;
    }

  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  address.sin_port = htons ((unsigned short) atoi (argv[1]));
  listener = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind (listener, (struct sockaddr *) &address, sizeof address) != 0 ||
      listen (listener, 8) != 0)
    {
      perror ("floor-receiver: listen");
      return 1;
    }
  fprintf (stderr, "ready\n");

  if ((browser = accept (listener, NULL, NULL)) < 0 ||
      read_message (browser, request, sizeof request) < 0 ||
      (code = strstr (request, "code=")) == NULL)
    {
      fprintf (stderr, "floor-receiver: no callback\n");
      return 1;
    }
  code += 5;
  code_len = (int) strcspn (code, "& \r\n");

  post_len = snprintf (post, sizeof post,
                       "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: %zu\r\n\r\n%s%.*s",
                       argv[3], argv[2], strlen (argv[4]) + (size_t) code_len, argv[4],
                       code_len, code);
  address.sin_port = htons ((unsigned short) atoi (argv[2]));
  provider = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (provider, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (provider, (struct sockaddr *) &address, sizeof address) != 0 ||
      write (provider, post, (size_t) post_len) != post_len ||
      read_message (provider, answer, sizeof answer) < 0 ||
      (token = strstr (answer, "\"access_token\":\"")) == NULL)
    {
      fprintf (stderr, "floor-receiver: no token\n");
      return 1;
    }
  token += 16;
  end = strchr (token, '"');
  printf ("%.*s\n", (int) (end != NULL ? end - token : 0), token);
  fflush (stdout);

  dprintf (browser, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  close (browser);
  close (provider);
  close (listener);
  return 0;
}
