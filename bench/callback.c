/* callback.c: the browser's side of a sign-in, timed (build-aux/bench, sign-in)
 *
 * Usage: callback PORT REQUEST FD [AHEAD_US]
 *
 * Sends REQUEST (the whole GET of the callback) to the loopback receiver on
 * 127.0.0.1:PORT as a browser following the provider's redirect does: it connects and
 * writes the request at once. The clock starts before it connects, so the receiver's
 * accepting the connection counts too. With AHEAD_US, it connects ahead instead, waits
 * that many microseconds, and starts the clock as it writes the request.
 *
 * It then waits until a whole line can be read from FD (sesame's standard output), and
 * prints the nanoseconds from the start to reading that line, the line's length, and the
 * start (CLOCK_MONOTONIC, nanoseconds); then reads the receiver's page to its end.
 *
 * It is a program of its own so that the clock is read as curl reads its own: in C, with
 * nothing else in the process waking up on the same data (Python's threads would share
 * one interpreter lock with the benchmark's reader).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long
now_ns (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int
main (int    argc,
      char **argv)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  long ahead_us = argc > 4 ? atol (argv[4]) : 0;
  char line[65536];
  size_t len = 0;
  const char *request;
  long long start, shown;
  int browser, out;

  if (argc != 4 && argc != 5)
    {
      fprintf (stderr, "usage: callback PORT REQUEST FD [AHEAD_US]\n");
      return 2;
    }
  address.sin_port = htons ((unsigned short) atoi (argv[1]));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  request = argv[2];
  out = atoi (argv[3]);

  start = now_ns ();
  browser = socket (AF_INET, SOCK_STREAM, 0);
  if (browser < 0 || connect (browser, (struct sockaddr *) &address, sizeof address) != 0)
    {
      perror ("callback: connect");
      return 1;
    }
  if (ahead_us > 0)
    {
      struct timespec pause = { ahead_us / 1000000, ahead_us % 1000000 * 1000 };

      nanosleep (&pause, NULL);
      start = now_ns ();
    }
  if (send (browser, request, strlen (request), 0) != (ssize_t) strlen (request))
    {
      perror ("callback: send");
      return 1;
    }

  for (;;)
    {
      struct pollfd readable = { out, POLLIN, 0 };
      ssize_t n;

      if (poll (&readable, 1, 60 * 1000) != 1)
        {
          fprintf (stderr, "callback: no line from sesame\n");
          return 1;
        }
      n = read (out, line + len, sizeof line - len - 1);
      if (n <= 0)
        {
          fprintf (stderr, "callback: sesame closed its output without a line\n");
          return 1;
        }
      len += (size_t) n;
      if (memchr (line, '\n', len) != NULL || len == sizeof line - 1)
        break;
    }
  shown = now_ns ();
  line[len] = '\0';

  /* The page, to its end */
  for (char page[4096]; read (browser, page, sizeof page) > 0;)
    ;
  close (browser);
  printf ("%lld %zu %lld\n", shown - start, strcspn (line, "\n"), start);
  return 0;
}
