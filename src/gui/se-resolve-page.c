/* se-resolve-page.c: names, addresses, services and protocols, looked up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "se-error.h"
#include "se-resolve-page.h"

struct _SeResolvePage
{
  GtkWidget            parent_instance;

  SeResolver          *resolver;
  /* For guesses (is this word also a service?) that the user did not ask
   * for and the traffic log need not show: a resolver without a log. */
  SeResolver          *guess_resolver;
  GCancellable        *cancellable;       /* the lookups of the current query */
  GCancellable        *host_cancellable;  /* getfqdn(), once per resolver */
  guint                generation;        /* which query the callbacks belong to */
  guint                n_pending;

  GtkSizeGroup        *family_group;
  GtkSizeGroup        *socktype_group;
  GtkSizeGroup        *protocol_group_size;

  /* Template children */
  AdwEntryRow         *query_row;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *addresses_group;
  GtkListBox          *addresses_list;
  AdwPreferencesGroup *reverse_group;
  GtkListBox          *reverse_list;
  AdwPreferencesGroup *services_group;
  GtkListBox          *services_list;
  AdwPreferencesGroup *protocol_group;
  GtkListBox          *protocol_list;
  GtkLabel            *host_name_label;
  GtkLabel            *fqdn_label;
};

G_DEFINE_FINAL_TYPE (SeResolvePage, se_resolve_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RESOLVER,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a callback needs to find its way back: the page, and whether the
 * query it answers is still the current one. */
typedef struct
{
  SeResolvePage *self;
  guint          generation;
  gboolean       quiet;  /* a guess (is this word also a service?): say nothing if not */
  char          *query;  /* a protocol guess: the word to look up as a host if it is none */
} Request;

static Request *
request_new (SeResolvePage *self,
             gboolean       quiet)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->generation = self->generation;
  request->quiet = quiet;

  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_free (request->query);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Helpers */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A wrapping label asks for very little width, and a row then squeezes
 * it to a column of letters: ask for room for a short value on one line. */
static void
label_fit_width (GtkLabel *label)
{
  glong length = g_utf8_strlen (gtk_label_get_label (label), -1);

  gtk_label_set_width_chars (label, (int) CLAMP (length + 2, 1, 30));
  gtk_label_set_max_width_chars (label, 48);
}

static GtkWidget *
value_label_new (const char *text,
                 gboolean    monospace)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  label_fit_width (GTK_LABEL (label));
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");

  return label;
}

/* A row with a name on the left and a selectable value on the right. */
static GtkWidget *
value_row_new (const char *title,
               const char *subtitle,
               const char *value,
               gboolean    monospace)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label_new (value, monospace));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
error_row_new (const GError *error)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  gtk_widget_add_css_class (image, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
  gtk_widget_set_name (row, "error-row");
  gtk_widget_add_css_class (row, "error");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
table_cell_new (SeResolvePage *self,
                const char    *text,
                GtkSizeGroup  *size_group,
                gboolean       heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (heading)
    {
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  else
    {
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "monospace");
    }
  if (size_group != NULL)
    gtk_size_group_add_widget (size_group, label);
  else
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }

  return label;
}

/* One line of the getaddrinfo() table; with heading, its column names. */
static GtkWidget *
table_row_new (SeResolvePage *self,
               const char    *family,
               const char    *socktype,
               const char    *protocol,
               const char    *address,
               gboolean       heading)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, heading ? 8 : 10);
  gtk_widget_set_margin_bottom (box, heading ? 8 : 10);

  gtk_box_append (GTK_BOX (box), table_cell_new (self, family, self->family_group, heading));
  gtk_box_append (GTK_BOX (box), table_cell_new (self, socktype, self->socktype_group, heading));
  gtk_box_append (GTK_BOX (box), table_cell_new (self, protocol, self->protocol_group_size, heading));
  gtk_box_append (GTK_BOX (box), table_cell_new (self, address, NULL, heading));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, heading ? "addrinfo-heading" : "addrinfo-row");

  return row;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, SE_ERROR, SE_ERROR_CANCELLED);
}

static void
se_resolve_page_set_pending (SeResolvePage *self,
                             guint          n_pending)
{
  gboolean was_busy = self->n_pending > 0;
  gboolean busy = n_pending > 0;

  self->n_pending = n_pending;

  if (was_busy != busy)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
      gtk_spinner_set_spinning (self->spinner, busy);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* A callback is done with its part. Returns TRUE if it has an answer to
 * show: not if the answer is stale (a newer query started, or the page
 * is going away), cancelled, or a failure, which is shown in list
 * instead (unless the request was only a guess). */
static gboolean
request_finish (Request      *request,
                const GError *error,
                GtkListBox   *list)
{
  SeResolvePage *self = request->self;

  if (request->generation != self->generation)
    return FALSE;

  g_assert (self->n_pending > 0);
  se_resolve_page_set_pending (self, self->n_pending - 1);

  if (error == NULL)
    return TRUE;

  if (!is_cancelled (error) && !request->quiet)
    gtk_list_box_append (list, error_row_new (error));

  return FALSE;
}

static void
se_resolve_page_update_actions (SeResolvePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  g_autofree char *query = g_strstrip (g_strdup (text ? text : ""));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "resolve.lookup",
                                 self->resolver != NULL && query[0] != '\0');
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Callbacks */

/* TCP before UDP, whichever answered first. */
static int
sort_by_title_cb (GtkListBoxRow *a,
                  GtkListBoxRow *b,
                  gpointer       user_data)
{
  if (!ADW_IS_PREFERENCES_ROW (a) || !ADW_IS_PREFERENCES_ROW (b))
    return 0;

  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (a)),
                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (b)));
}

static void
lookup_name_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(SeLookupResult) found = NULL;
  g_autoptr(GError) error = NULL;
  SeResolvePage *self = request->self;

  found = se_resolver_lookup_name_finish (SE_RESOLVER (object), result, &error);

  if (!request_finish (request, error, self->addresses_list))
    return;

  gtk_list_box_append (self->addresses_list,
                       value_row_new (_("Canonical name"), NULL,
                                      found->canonical_name ? found->canonical_name : C_("canonical name", "None"),
                                      TRUE));

  gtk_list_box_append (self->addresses_list,
                       table_row_new (self,
                                      _("Family"), _("Socket type"), _("Protocol"), _("Address"),
                                      TRUE));
  for (guint i = 0; i < found->entries->len; i++)
    {
      const SeAddrInfo *info = g_ptr_array_index (found->entries, i);

      gtk_list_box_append (self->addresses_list,
                           table_row_new (self,
                                          se_address_family_to_string (info->family),
                                          se_socket_type_to_string (info->socktype),
                                          se_ip_protocol_to_string (info->protocol),
                                          info->address,
                                          FALSE));
    }
}

static void
lookup_address_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(SeReverseResult) found = NULL;
  g_autoptr(GError) error = NULL;
  SeResolvePage *self = request->self;
  g_autofree char *aliases = NULL;

  found = se_resolver_lookup_address_finish (SE_RESOLVER (object), result, &error);

  if (!request_finish (request, error, self->reverse_list))
    return;

  gtk_list_box_append (self->reverse_list,
                       value_row_new (_("Host name"), NULL, found->host_name, TRUE));

  if (found->aliases != NULL && found->aliases[0] != NULL)
    aliases = g_strjoinv (", ", found->aliases);
  gtk_list_box_append (self->reverse_list,
                       value_row_new (_("Aliases"), NULL,
                                      aliases ? aliases : C_("aliases", "None"),
                                      aliases != NULL));
}

static void
lookup_service_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(SeServiceResult) found = NULL;
  g_autoptr(GError) error = NULL;
  SeResolvePage *self = request->self;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *port = NULL;

  found = se_resolver_lookup_service_finish (SE_RESOLVER (object), result, &error);

  /* The services group is already shown for a lookup that was asked
   * for; a guess shows it only when it finds something. */
  if (!request_finish (request, error, self->services_list))
    return;

  /* "http/tcp", port 80, aliases "www" */
  title = g_strdup_printf ("%s/%s", found->name, found->protocol);
  if (found->aliases != NULL && found->aliases[0] != NULL)
    {
      g_autofree char *aliases = g_strjoinv (", ", found->aliases);

      /* Translators: %s is a list of other names of a service */
      subtitle = g_strdup_printf (_("Also known as %s"), aliases);
    }
  port = g_strdup_printf ("%u", found->port);

  gtk_list_box_append (self->services_list, value_row_new (title, subtitle, port, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (self->services_group), TRUE);
}

static void
fqdn_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SeResolvePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *fqdn = NULL;

  fqdn = se_resolver_get_fqdn_finish (SE_RESOLVER (object), result, &error);

  if (error != NULL && is_cancelled (error))
    return;

  if (fqdn != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->fqdn_label), "error");
      gtk_label_set_label (self->fqdn_label, fqdn);
      label_fit_width (self->fqdn_label);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->fqdn_label), "error");
      gtk_label_set_label (self->fqdn_label, error->message);
      label_fit_width (self->fqdn_label);
    }
}

static void
query_activated_cb (SeResolvePage *self,
                    AdwEntryRow   *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "resolve.lookup", NULL);
}

static void
query_changed_cb (SeResolvePage *self,
                  GtkEditable   *editable)
{
  se_resolve_page_update_actions (self);
}

/* Actions */

static void
pending_add (SeResolvePage *self,
             guint          n)
{
  se_resolve_page_set_pending (self, self->n_pending + n);
}

/* A name or an address: what getaddrinfo() says. */
static void
start_name_lookup (SeResolvePage *self,
                   const char    *query)
{
  g_autofree char *description = g_strdup_printf ("getaddrinfo(\"%s\", None)", query);

  adw_preferences_group_set_description (self->addresses_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->addresses_group), TRUE);
  se_resolver_lookup_name_async (self->resolver, query, self->cancellable,
                                 lookup_name_cb, request_new (self, FALSE));
  pending_add (self, 1);
}

/* A single word that names a protocol ("tcp", "udp", "icmp") is what the
 * user means: show getprotobyname(), and do not ask a name server about a
 * host called "tcp". Any other word is looked up as a host. */
static void
lookup_protocol_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  SeResolvePage *self = request->self;
  int number;

  number = se_resolver_lookup_protocol_finish (SE_RESOLVER (object), result, &error);

  if (number < 0 && request->generation == self->generation && !is_cancelled (error))
    start_name_lookup (self, request->query);

  if (!request_finish (request, error, self->protocol_list))
    return;

  value = g_strdup_printf ("%d", number);
  gtk_list_box_append (self->protocol_list,
                       value_row_new (request->query, NULL, value, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (self->protocol_group), TRUE);
}

static void
resolve_lookup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SeResolvePage *self = SE_RESOLVE_PAGE (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  g_autofree char *query = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *description = NULL;
  const char *slash;
  guint n_pending = 0;  /* lookups started here, besides start_name_lookup()'s */

  if (self->resolver == NULL || query[0] == '\0')
    return;

  /* A new query: whatever the last one still waits for is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  se_resolve_page_set_pending (self, 0);

  clear_list (self->addresses_list);
  clear_list (self->reverse_list);
  clear_list (self->services_list);
  clear_list (self->protocol_list);
  gtk_widget_set_visible (GTK_WIDGET (self->addresses_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reverse_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->services_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->protocol_group), FALSE);

  slash = strchr (query, '/');

  if (slash != NULL)
    {
      /* SERVICE/PROTO: "http/tcp", "80/udp" */
      g_autofree char *service = g_strndup (query, slash - query);

      description = g_strdup_printf (is_all_digits (service)
                                     ? "getservbyport(%s, \"%s\")"
                                     : "getservbyname(\"%s\", \"%s\")",
                                     service, slash + 1);
      adw_preferences_group_set_description (self->services_group, description);
      gtk_widget_set_visible (GTK_WIDGET (self->services_group), TRUE);
      se_resolver_lookup_service_async (self->resolver, service, slash + 1, self->cancellable,
                                        lookup_service_cb, request_new (self, FALSE));
      n_pending++;
    }
  else if (is_all_digits (query))
    {
      /* A port: what runs there over TCP and over UDP. */
      adw_preferences_group_set_description (self->services_group, "getservbyport()");
      gtk_widget_set_visible (GTK_WIDGET (self->services_group), TRUE);
      se_resolver_lookup_service_async (self->resolver, query, "tcp", self->cancellable,
                                        lookup_service_cb, request_new (self, FALSE));
      se_resolver_lookup_service_async (self->resolver, query, "udp", self->cancellable,
                                        lookup_service_cb, request_new (self, FALSE));
      n_pending += 2;
    }
  else
    {
      gboolean single_word = strchr (query, '.') == NULL && strchr (query, ':') == NULL;

      if (single_word)
        {
          Request *request = request_new (self, TRUE);

          /* The protocols database is read on a worker thread; the host
           * lookup follows only if the word is no protocol. */
          request->query = g_strdup (query);
          se_resolver_lookup_protocol_async (self->guess_resolver, query, self->cancellable,
                                             lookup_protocol_cb, request);
          n_pending++;
        }
      else
        start_name_lookup (self, query);

      if (g_hostname_is_ip_address (query))
        {
          g_autofree char *reverse = g_strdup_printf ("gethostbyaddr(\"%s\")", query);

          adw_preferences_group_set_description (self->reverse_group, reverse);
          gtk_widget_set_visible (GTK_WIDGET (self->reverse_group), TRUE);
          se_resolver_lookup_address_async (self->resolver, query, self->cancellable,
                                            lookup_address_cb, request_new (self, FALSE));
          n_pending++;
        }
      else if (single_word)
        {
          /* A single word may also be a service ("http"): show it too, if
           * the services database knows it. */
          adw_preferences_group_set_description (self->services_group, "getservbyname()");
          se_resolver_lookup_service_async (self->guess_resolver, query, "tcp", self->cancellable,
                                            lookup_service_cb, request_new (self, TRUE));
          se_resolver_lookup_service_async (self->guess_resolver, query, "udp", self->cancellable,
                                            lookup_service_cb, request_new (self, TRUE));
          n_pending += 2;
        }
    }

  pending_add (self, n_pending);
}

/* Overrides */

static void
se_resolve_page_dispose (GObject *object)
{
  SeResolvePage *self = (SeResolvePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->host_cancellable);
  /* Whatever still comes back is stale. */
  self->generation++;

  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_RESOLVE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->resolver);
  g_clear_object (&self->guess_resolver);

  G_OBJECT_CLASS (se_resolve_page_parent_class)->dispose (object);
}

static void
se_resolve_page_finalize (GObject *object)
{
  SeResolvePage *self = (SeResolvePage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->host_cancellable);
  g_clear_object (&self->family_group);
  g_clear_object (&self->socktype_group);
  g_clear_object (&self->protocol_group_size);

  G_OBJECT_CLASS (se_resolve_page_parent_class)->finalize (object);
}

static void
se_resolve_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SeResolvePage *self = SE_RESOLVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_RESOLVER:
      g_value_set_object (value, self->resolver);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_resolve_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SeResolvePage *self = SE_RESOLVE_PAGE (object);

  switch (prop_id)
    {
    case PROP_RESOLVER:
      se_resolve_page_set_resolver (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_resolve_page_class_init (SeResolvePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_resolve_page_dispose;
  object_class->finalize = se_resolve_page_finalize;
  object_class->get_property = se_resolve_page_get_property;
  object_class->set_property = se_resolve_page_set_property;

  properties[PROP_RESOLVER] =
    g_param_spec_object ("resolver", NULL, NULL,
                         SE_TYPE_RESOLVER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-resolve-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, query_row);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, addresses_group);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, addresses_list);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, reverse_group);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, reverse_list);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, services_group);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, services_list);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, protocol_group);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, protocol_list);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, host_name_label);
  gtk_widget_class_bind_template_child (widget_class, SeResolvePage, fqdn_label);
  gtk_widget_class_bind_template_callback (widget_class, query_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_changed_cb);

  gtk_widget_class_install_action (widget_class, "resolve.lookup", NULL, resolve_lookup_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "resolvepage");
}

static void
se_resolve_page_init (SeResolvePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->host_cancellable = g_cancellable_new ();
  self->guess_resolver = se_resolver_new (NULL);
  self->family_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->socktype_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->protocol_group_size = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_sort_func (self->services_list, sort_by_title_cb, NULL, NULL);
  gtk_label_set_label (self->host_name_label, se_resolver_get_host_name ());
  label_fit_width (self->host_name_label);
  se_resolve_page_update_actions (self);
}

/* Public API */

GtkWidget *
se_resolve_page_new (void)
{
  return g_object_new (SE_TYPE_RESOLVE_PAGE, NULL);
}

SeResolver *
se_resolve_page_get_resolver (SeResolvePage *self)
{
  g_return_val_if_fail (SE_IS_RESOLVE_PAGE (self), NULL);

  return self->resolver;
}

void
se_resolve_page_set_resolver (SeResolvePage *self,
                              SeResolver    *resolver)
{
  g_return_if_fail (SE_IS_RESOLVE_PAGE (self));
  g_return_if_fail (resolver == NULL || SE_IS_RESOLVER (resolver));

  if (!g_set_object (&self->resolver, resolver))
    return;

  g_cancellable_cancel (self->host_cancellable);
  g_clear_object (&self->host_cancellable);
  self->host_cancellable = g_cancellable_new ();

  /* getfqdn() may ask the name server: looked up once, in the background. */
  gtk_label_set_label (self->fqdn_label, "…");
  if (resolver != NULL)
    se_resolver_get_fqdn_async (resolver, self->host_cancellable,
                                fqdn_cb, g_object_ref (self));

  se_resolve_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLVER]);
}

gboolean
se_resolve_page_get_busy (SeResolvePage *self)
{
  g_return_val_if_fail (SE_IS_RESOLVE_PAGE (self), FALSE);

  return self->n_pending > 0;
}
