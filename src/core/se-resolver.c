/* se-resolver.c: name, address, service and protocol lookups, like Python's socket module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

/* EAI_NODATA, EAI_ADDRFAMILY and the other GNU getaddrinfo() codes. Must
 * come before the first system header. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <glib/gi18n-lib.h>

#include "se-error.h"
#include "se-lookup-private.h"
#include "se-resolver.h"


struct _SeResolver
{
  GObject       parent_instance;

  SeTrafficLog *log;
};

enum {
  PROP_0,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  LOOKUP_NAME,      /* getaddrinfo()   → SeLookupResult */
  LOOKUP_ADDRESS,   /* gethostbyaddr() → SeReverseResult */
  LOOKUP_SERVICE,   /* getservbyname() / getservbyport() → SeServiceResult */
  LOOKUP_FQDN,      /* getfqdn()       → char * */
  LOOKUP_PROTOCOL,  /* getprotobyname() → int * */
} LookupKind;

/* One request. Shared (atomic reference count) between the task the caller
 * sees, which logs it on the caller's main context, and the worker task,
 * which may outlive it after a cancellation. Immutable once started. */
typedef struct
{
  LookupKind  kind;
  char       *query;     /* what was asked: a name, an address, a service, the host name */
  char       *protocol;  /* services only: "tcp" or "udp" */
} Lookup;

G_DEFINE_FINAL_TYPE (SeResolver, se_resolver, G_TYPE_OBJECT)

/* Helpers */

static void
lookup_clear (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->query);
  g_free (lookup->protocol);
}

static Lookup *
lookup_new (LookupKind  kind,
            const char *query,
            const char *protocol)
{
  Lookup *lookup = g_atomic_rc_box_new0 (Lookup);

  lookup->kind = kind;
  lookup->query = g_strdup (query);
  lookup->protocol = g_strdup (protocol);

  return lookup;
}

static Lookup *
lookup_ref (Lookup *lookup)
{
  return g_atomic_rc_box_acquire (lookup);
}

static void
lookup_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, lookup_clear);
}

static GDestroyNotify
result_free_func (LookupKind kind)
{
  switch (kind)
    {
    case LOOKUP_NAME:
      return (GDestroyNotify) se_lookup_result_free;
    case LOOKUP_ADDRESS:
      return (GDestroyNotify) se_reverse_result_free;
    case LOOKUP_SERVICE:
      return (GDestroyNotify) se_service_result_free;
    case LOOKUP_FQDN:
    case LOOKUP_PROTOCOL:
    default:
      return g_free;
    }
}

/* One-line summaries for the traffic log, made on the main thread. */

static void
append_aliases (GString     *text,
                char *const *aliases)
{
  if (aliases == NULL || aliases[0] == NULL)
    return;

  {
    g_autofree char *joined = g_strjoinv (", ", (char **) aliases);

    /* Translators: appended to a lookup result: " (aliases www, www-http)" */
    g_string_append_printf (text, _(" (aliases %s)"), joined);
  }
}

static char *
summarize (const Lookup *lookup,
           gconstpointer value)
{
  GString *text = g_string_new (NULL);

  switch (lookup->kind)
    {
    case LOOKUP_NAME:
      {
        const SeLookupResult *result = value;
        g_autoptr(GPtrArray) seen = g_ptr_array_new ();

        /* Every address once, in getaddrinfo() order: the socket types
         * repeat each address. */
        for (guint i = 0; i < result->entries->len; i++)
          {
            const SeAddrInfo *info = g_ptr_array_index (result->entries, i);
            gboolean found = FALSE;

            for (guint j = 0; j < seen->len && !found; j++)
              found = strcmp (g_ptr_array_index (seen, j), info->address) == 0;
            if (!found)
              g_ptr_array_add (seen, info->address);
          }
        g_ptr_array_add (seen, NULL);

        {
          g_autofree char *addresses = g_strjoinv (", ", (char **) seen->pdata);

          g_string_append_printf (text, "%s → %s", result->name, addresses);
        }
        if (result->canonical_name != NULL)
          /* Translators: appended to a lookup result: " (canonical localhost)" */
          g_string_append_printf (text, _(" (canonical %s)"), result->canonical_name);
      }
      break;

    case LOOKUP_ADDRESS:
      {
        const SeReverseResult *result = value;

        g_string_append_printf (text, "%s → %s", result->address, result->host_name);
        append_aliases (text, result->aliases);
      }
      break;

    case LOOKUP_SERVICE:
      {
        const SeServiceResult *result = value;

        if (_se_lookup_is_all_digits (lookup->query))
          g_string_append_printf (text, "%u/%s → %s", result->port, result->protocol, result->name);
        else
          /* Translators: "http/tcp → port 80" */
          g_string_append_printf (text, _("%s/%s → port %u"), result->name, result->protocol, result->port);
        append_aliases (text, result->aliases);
      }
      break;

    case LOOKUP_PROTOCOL:
      /* Translators: "tcp → protocol number 6" */
      g_string_append_printf (text, _("%s → protocol number %d"),
                              lookup->query, *(const int *) value);
      break;

    case LOOKUP_FQDN:
    default:
      /* Translators: "vm → vm.example.org (fully qualified name)" */
      g_string_append_printf (text, _("%s → %s (fully qualified name)"),
                              lookup->query, (const char *) value);
      break;
    }

  return g_string_free (text, FALSE);
}

static void
log_lookup (SeResolver   *self,
            const Lookup *lookup,
            SeEventKind   kind,
            const char   *detail)
{
  /* A lookup sends nothing over TCP or UDP itself (even a service's
   * "tcp"/"udp" is only a name in /etc/services): no transport. */
  SeEventInfo info = {
    .kind = kind,
    .protocol = SE_PROTOCOL_NONE,
    .remote = lookup->query,
    .text = detail,
  };

  if (self->log == NULL)
    return;

  se_traffic_log_append_info (self->log, &info);
}

static void
lookup_thread (GTask        *worker,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const Lookup *lookup = task_data;
  GError *error = NULL;
  gpointer value = NULL;

  if (g_task_return_error_if_cancelled (worker))
    return;

  switch (lookup->kind)
    {
    case LOOKUP_NAME:
      value = _se_lookup_name (lookup->query, &error);
      break;
    case LOOKUP_ADDRESS:
      value = _se_lookup_address (lookup->query, &error);
      break;
    case LOOKUP_SERVICE:
      value = _se_lookup_service (lookup->query, lookup->protocol, &error);
      break;
    case LOOKUP_PROTOCOL:
      {
        int number = se_resolver_lookup_protocol (lookup->query, &error);

        if (number >= 0)
          value = g_memdup2 (&number, sizeof number);
      }
      break;
    case LOOKUP_FQDN:
    default:
      value = _se_lookup_fqdn (lookup->query);
      break;
    }

  if (value == NULL)
    g_task_return_error (worker, error);
  else
    g_task_return_pointer (worker, value, result_free_func (lookup->kind));
}

/* Callbacks */

/* The worker task finished (or was cancelled) on the caller's main
 * context: log what happened, then complete the caller's task. */
static void
lookup_worker_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SeResolver *self = g_task_get_source_object (task);
  const Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new (SE_ERROR, SE_ERROR_CANCELLED,
                               /* Translators: %s is what was looked up */
                               _("Lookup of “%s” was cancelled"),
                               lookup->query);
        }
      log_lookup (self, lookup, SE_EVENT_ERROR, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->log != NULL)
    {
      g_autofree char *detail = summarize (lookup, value);

      log_lookup (self, lookup, SE_EVENT_RESOLVE, detail);
    }

  g_task_return_pointer (task, value, result_free_func (lookup->kind));
}

/* Starts a lookup. The caller's task carries lookup for the log; a second,
 * worker task runs it on a thread and returns at once when cancellable is
 * cancelled (getaddrinfo() itself cannot be interrupted: the thread finishes
 * its call and its result is dropped). early_error, if set, fails the
 * lookup without a thread, still through the same logging path. */
static void
start_lookup (SeResolver          *self,
              Lookup              *lookup,
              GError              *early_error,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported by the worker task, in the SE_ERROR domain. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, lookup, lookup_unref);

  worker = g_task_new (NULL, cancellable, lookup_worker_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, start_lookup);
  g_task_set_name (worker, "[se-resolver] lookup");
  g_task_set_task_data (worker, lookup_ref (lookup), lookup_unref);

  if (early_error != NULL)
    {
      g_task_return_error (worker, early_error);
      return;
    }

  g_task_set_return_on_cancel (worker, TRUE);
  g_task_run_in_thread (worker, lookup_thread);
}

/* Overrides */

static void
se_resolver_dispose (GObject *object)
{
  SeResolver *self = (SeResolver *) object;

  g_clear_object (&self->log);

  G_OBJECT_CLASS (se_resolver_parent_class)->dispose (object);
}

static void
se_resolver_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeResolver *self = SE_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_resolver_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SeResolver *self = SE_RESOLVER (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_set_object (&self->log, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_resolver_class_init (SeResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_resolver_dispose;
  object_class->get_property = se_resolver_get_property;
  object_class->set_property = se_resolver_set_property;

  /**
   * SeResolver:log:
   *
   * The traffic log that receives a "resolve" event for every lookup
   * and an "error" event for every failure, or %NULL.
   */
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SE_TYPE_TRAFFIC_LOG,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_resolver_init (SeResolver *self)
{
}

/* Public API */

/**
 * se_resolver_new:
 * @log: (nullable): a traffic log for the lookups, or %NULL
 *
 * Returns: (transfer full): a new resolver
 */
SeResolver *
se_resolver_new (SeTrafficLog *log)
{
  g_return_val_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log), NULL);

  return g_object_new (SE_TYPE_RESOLVER,
                       "log", log,
                       NULL);
}

/**
 * se_resolver_lookup_name_async:
 * @self: a #SeResolver
 * @name: a host name, or a literal address (which still goes through
 *   getaddrinfo(), like Python's socket.getaddrinfo())
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * socket.getaddrinfo(name, None) with AI_CANONNAME, on a worker thread.
 * Failures are %SE_ERROR_NAME_NOT_FOUND (EAI_NONAME, EAI_NODATA, EAI_AGAIN,
 * EAI_FAIL, or an empty name), %SE_ERROR_CANCELLED, or another %SE_ERROR.
 */
void
se_resolver_lookup_name_async (SeResolver          *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (SE_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (name[0] == '\0')
    error = g_error_new_literal (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                                 _("Name not found: no host name was given"));

  start_lookup (self, lookup_new (LOOKUP_NAME, name, NULL), error,
                se_resolver_lookup_name_async,
                cancellable, callback, user_data);
}

/**
 * se_resolver_lookup_name_finish:
 *
 * Returns: (transfer full): what getaddrinfo() found, or %NULL with @error set
 */
SeLookupResult *
se_resolver_lookup_name_finish (SeResolver    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SE_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_resolver_lookup_name_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * se_resolver_lookup_address_async:
 * @self: a #SeResolver
 * @address: a literal address ("127.0.0.1", "::1"); a host name is
 *   resolved first and its first address used, like Python's
 *   socket.gethostbyaddr()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * socket.gethostbyaddr(address), on a worker thread.
 */
void
se_resolver_lookup_address_async (SeResolver          *self,
                                  const char          *address,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (SE_IS_RESOLVER (self));
  g_return_if_fail (address != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (address[0] == '\0')
    error = g_error_new_literal (SE_ERROR, SE_ERROR_NAME_NOT_FOUND,
                                 _("Name not found: no address was given"));

  start_lookup (self, lookup_new (LOOKUP_ADDRESS, address, NULL), error,
                se_resolver_lookup_address_async,
                cancellable, callback, user_data);
}

/**
 * se_resolver_lookup_address_finish:
 *
 * Returns: (transfer full): the host name and aliases, or %NULL with
 *   @error set
 */
SeReverseResult *
se_resolver_lookup_address_finish (SeResolver    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (SE_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_resolver_lookup_address_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * se_resolver_get_host_name:
 *
 * socket.gethostname().
 *
 * Returns: (transfer none): the host name of this computer
 */
const char *
se_resolver_get_host_name (void)
{
  return g_get_host_name ();
}

/**
 * se_resolver_get_fqdn_async:
 * @self: a #SeResolver
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * socket.getfqdn(): the canonical name of the host name, from getaddrinfo()
 * with AI_CANONNAME on a worker thread, or the host name itself when it has
 * none. Fails only when cancelled.
 */
void
se_resolver_get_fqdn_async (SeResolver          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SE_IS_RESOLVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_lookup (self, lookup_new (LOOKUP_FQDN, se_resolver_get_host_name (), NULL), NULL,
                se_resolver_get_fqdn_async,
                cancellable, callback, user_data);
}

/**
 * se_resolver_get_fqdn_finish:
 *
 * Returns: (transfer full): the fully qualified name, or %NULL with
 *   @error set
 */
char *
se_resolver_get_fqdn_finish (SeResolver    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SE_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_resolver_get_fqdn_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * se_resolver_lookup_service_async:
 * @self: a #SeResolver
 * @service: a service name ("http") or a port number ("80")
 * @protocol: (nullable): "tcp" or "udp"; %NULL means "tcp"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * socket.getservbyname(service, protocol) for a name,
 * socket.getservbyport(port, protocol) for a number, on a worker thread.
 * An unknown service or protocol is %SE_ERROR_NOT_FOUND.
 */
void
se_resolver_lookup_service_async (SeResolver          *self,
                                  const char          *service,
                                  const char          *protocol,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *proto = NULL;
  GError *error = NULL;

  g_return_if_fail (SE_IS_RESOLVER (self));
  g_return_if_fail (service != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  proto = g_ascii_strdown (protocol != NULL ? protocol : "tcp", -1);

  if (strcmp (proto, "tcp") != 0 && strcmp (proto, "udp") != 0)
    error = g_error_new (SE_ERROR, SE_ERROR_NOT_FOUND,
                         /* Translators: %s is what the user typed as a protocol */
                         _("Services are looked up for tcp or udp, not for “%s”"),
                         protocol);
  else if (service[0] == '\0')
    error = g_error_new_literal (SE_ERROR, SE_ERROR_NOT_FOUND,
                                 _("No service name or port number was given"));

  start_lookup (self, lookup_new (LOOKUP_SERVICE, service, proto), error,
                se_resolver_lookup_service_async,
                cancellable, callback, user_data);
}

/**
 * se_resolver_lookup_service_finish:
 *
 * Returns: (transfer full): the service entry, or %NULL with @error set
 */
SeServiceResult *
se_resolver_lookup_service_finish (SeResolver    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (SE_IS_RESOLVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_resolver_lookup_service_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * se_resolver_lookup_protocol_async:
 * @self: a #SeResolver
 * @name: a protocol name ("tcp") or number ("6")
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context
 * @user_data: data for @callback
 *
 * se_resolver_lookup_protocol() on a worker thread, so that the protocols
 * database is not read on the main loop; logged like the other lookups.
 */
void
se_resolver_lookup_protocol_async (SeResolver          *self,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SE_IS_RESOLVER (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  start_lookup (self, lookup_new (LOOKUP_PROTOCOL, name, NULL), NULL,
                se_resolver_lookup_protocol_async,
                cancellable, callback, user_data);
}

/**
 * se_resolver_lookup_protocol_finish:
 *
 * Returns: the protocol number, or -1 with @error set
 */
int
se_resolver_lookup_protocol_finish (SeResolver    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_autofree int *number = NULL;

  g_return_val_if_fail (SE_IS_RESOLVER (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_resolver_lookup_protocol_async, -1);

  number = g_task_propagate_pointer (G_TASK (result), error);
  return number != NULL ? *number : -1;
}
