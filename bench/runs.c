/* runs.c - times commands for build-aux/bench, taking turns
 *
 * runs RUNS WARMUP -- COMMAND… [-- COMMAND…]…
 *
 * Runs each COMMAND (an argv, no shell) RUNS times after WARMUP untimed rounds, one
 * after the other in turn (A B C A B C…), so that a machine busy with something else
 * slows them alike, and prints one line per command: the wall-clock milliseconds of each
 * run, from just before posix_spawn() to waitpid(). Standard output and error of the
 * commands go to /dev/null; a command that fails stops everything (exit 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double
now_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double
run (char **argv)
{
  posix_spawn_file_actions_t actions;
  double start;
  pid_t pid;
  int status;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  start = now_ms ();
  if (posix_spawnp (&pid, argv[0], &actions, NULL, argv, environ) != 0 ||
      waitpid (pid, &status, 0) != pid)
    {
      perror (argv[0]);
      exit (1);
    }
  start = now_ms () - start;
  posix_spawn_file_actions_destroy (&actions);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "runs: %s failed\n", argv[0]);
      exit (1);
    }
  return start;
}

int
main (int   argc,
      char *argv[])
{
  char **commands[64];
  int n = 0, runs, warmup;

  if (argc < 5 || strcmp (argv[3], "--") != 0)
    {
      fprintf (stderr, "usage: runs RUNS WARMUP -- COMMAND… [-- COMMAND…]…\n");
      return 2;
    }
  runs = atoi (argv[1]);
  warmup = atoi (argv[2]);
  for (int i = 3; i < argc && n < 64; i++)
    if (strcmp (argv[i], "--") == 0)
      {
        argv[i] = NULL;
        commands[n++] = argv + i + 1;
      }

  double *times = calloc ((size_t) (n * runs), sizeof *times);
  for (int r = -warmup; r < runs; r++)
    for (int c = 0; c < n; c++)
      {
        double t = run (commands[c]);
        if (r >= 0)
          times[c * runs + r] = t;
      }

  for (int c = 0; c < n; c++)
    {
      for (int r = 0; r < runs; r++)
        printf ("%s%.4f", r ? " " : "", times[c * runs + r]);
      printf ("\n");
    }
  free (times);
  return 0;
}
