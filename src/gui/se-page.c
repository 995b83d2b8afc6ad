/* se-page.c: what every page of the window offers the window and its sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window and the sidebar rows read a page only through this contract
 * (like GNOME Calendar's GcalView), so a new kind of page (a diagram, a
 * lab) needs nothing else to have its row and its header.
 */
#include "config.h"

#include "se-page.h"

enum {
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (SePage, se_page, GTK_TYPE_WIDGET)

static void
se_page_default_init (SePageInterface *iface)
{
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  g_object_interface_install_property (iface, g_param_spec_string ("title", NULL, NULL, NULL, flags));
  g_object_interface_install_property (iface, g_param_spec_string ("endpoint", NULL, NULL, NULL, flags));
  g_object_interface_install_property (iface, g_param_spec_string ("status", NULL, NULL, NULL, flags));
  g_object_interface_install_property (iface, g_param_spec_string ("icon-name", NULL, NULL, NULL, flags));
  /* The text encoding of the page's composer and replies ("utf-8",
   * "gb18030", … see se-encoding.h), kept in workspaces */
  g_object_interface_install_property (iface, g_param_spec_string ("encoding", NULL, NULL, "utf-8",
                                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface, g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                                 G_PARAM_STATIC_STRINGS));

  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
se_page_class_override_properties (GObjectClass  *object_class,
                                   guint          first_prop_id,
                                   GParamSpec   **pspecs)
{
  static const char * const names[SE_PAGE_N_PROPS] = {
    "title", "endpoint", "status", "icon-name", "encoding", "number",
  };

  for (guint i = 0; i < SE_PAGE_N_PROPS; i++)
    {
      g_object_class_override_property (object_class, first_prop_id + i, names[i]);
      pspecs[first_prop_id + i] = g_object_class_find_property (object_class, names[i]);
    }
}

static char *
dup_string (SePage     *self,
            const char *name)
{
  char *value = NULL;

  g_return_val_if_fail (SE_IS_PAGE (self), NULL);

  g_object_get (self, name, &value, NULL);
  return value;
}

char *
se_page_dup_title (SePage *self)
{
  return dup_string (self, "title");
}

char *
se_page_dup_endpoint (SePage *self)
{
  return dup_string (self, "endpoint");
}

char *
se_page_dup_icon_name (SePage *self)
{
  return dup_string (self, "icon-name");
}

void
se_page_request_remove (SePage *self)
{
  g_return_if_fail (SE_IS_PAGE (self));

  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}
