/* main.c: the entry point of the Socket Explorer window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "se-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SeApplication) app = NULL;
  const char *localedir;

  /* Before the application exists: its option summary and description are
   * translated as it is created, long before GTK would set the locale. */
  setlocale (LC_ALL, "");
  /* SE_LOCALEDIR is set by `meson devenv` to the catalogs compiled in the
   * build tree, so that LANGUAGE=zh_CN works before installing; an
   * installed build leaves it unset and uses the configured localedir. */
  localedir = g_getenv ("SE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = se_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
