/* se-message-library.c: the saved messages, a list kept in a JSON file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library lives in g_get_user_data_dir()/socket-explorer/messages.json
 * (docs/messages-format.md). The file is read once, when the library is
 * made; after each change it is written again: the JSON is made on the
 * caller's thread and written from a worker thread (a temporary file
 * renamed over the old one), each write numbered so that a slow older
 * write never lands after a newer one. Reading reuses the workspace
 * reader, so both files check their messages the same way.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "se-error.h"
#include "se-json.h"
#include "se-message-library.h"
#include "se-workspace-private.h"

/* What is written, shared with the worker threads. */
typedef struct
{
  gatomicrefcount  ref;
  GMutex           mutex;
  guint64          written;  /* the number of the newest write done */
  char            *path;
} Store;

struct _SeMessageLibrary
{
  GObject    parent_instance;

  GPtrArray *items;       /* SeSavedMessage */
  Store     *store;       /* NULL: in memory only */
  guint64    next_write;
  guint      save_source;
};

static void se_message_library_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SeMessageLibrary, se_message_library, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      se_message_library_list_model_init))

static Store *
store_ref (Store *store)
{
  g_atomic_ref_count_inc (&store->ref);
  return store;
}

static void
store_unref (Store *store)
{
  if (!g_atomic_ref_count_dec (&store->ref))
    return;
  g_mutex_clear (&store->mutex);
  g_free (store->path);
  g_free (store);
}

typedef struct
{
  Store   *store;
  guint64  number;
  char    *data;
  gsize    length;
} Write;

static void
write_free (gpointer data)
{
  Write *write = data;

  store_unref (write->store);
  g_free (write->data);
  g_free (write);
}

static gboolean
write_now (Write   *write,
           GError **error)
{
  gboolean ok = TRUE;
  g_autofree char *dir = g_path_get_dirname (write->store->path);

  g_mutex_lock (&write->store->mutex);
  if (write->number > write->store->written)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                       "%s: %s", dir, g_strerror (errsv));
          ok = FALSE;
        }
      else
        ok = g_file_set_contents_full (write->store->path, write->data, write->length,
                                       G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
      if (ok)
        write->store->written = write->number;
    }
  g_mutex_unlock (&write->store->mutex);
  return ok;
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  /* Nobody waits for this answer: a write that failed is tried again
   * with the next change, and flush() reports it. */
  if (!write_now (task_data, &error))
    g_debug ("saved messages not written: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static Write *
make_write (SeMessageLibrary *self)
{
  Write *write = g_new0 (Write, 1);

  write->store = store_ref (self->store);
  write->number = ++self->next_write;
  write->data = se_message_library_to_data (self, &write->length);
  return write;
}

static gboolean
save_cb (gpointer user_data)
{
  SeMessageLibrary *self = user_data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  self->save_source = 0;
  g_task_set_source_tag (task, save_cb);
  g_task_set_task_data (task, make_write (self), write_free);
  g_task_run_in_thread (task, write_thread);
  return G_SOURCE_REMOVE;
}

/* Many changes in a row (an import) make one write. */
static void
schedule_save (SeMessageLibrary *self)
{
  if (self->store == NULL || self->save_source != 0)
    return;
  self->save_source = g_idle_add (save_cb, self);
  g_source_set_name_by_id (self->save_source, "[socket-explorer] save messages");
}

static void
message_notify_cb (SeMessageLibrary *self)
{
  schedule_save (self);
}

static GType
se_message_library_get_item_type (GListModel *model)
{
  return SE_TYPE_SAVED_MESSAGE;
}

static guint
se_message_library_get_n_items (GListModel *model)
{
  return SE_MESSAGE_LIBRARY (model)->items->len;
}

static gpointer
se_message_library_get_item (GListModel *model,
                             guint       position)
{
  SeMessageLibrary *self = SE_MESSAGE_LIBRARY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
se_message_library_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = se_message_library_get_item_type;
  iface->get_n_items = se_message_library_get_n_items;
  iface->get_item = se_message_library_get_item;
}

static void
disconnect_item (gpointer data,
                 gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (data, user_data);
}

static void
se_message_library_dispose (GObject *object)
{
  SeMessageLibrary *self = SE_MESSAGE_LIBRARY (object);

  /* A change not yet written is written now. */
  if (self->save_source != 0)
    se_message_library_flush (self);
  g_ptr_array_foreach (self->items, disconnect_item, self);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (se_message_library_parent_class)->dispose (object);
}

static void
se_message_library_finalize (GObject *object)
{
  SeMessageLibrary *self = SE_MESSAGE_LIBRARY (object);

  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->store, store_unref);

  G_OBJECT_CLASS (se_message_library_parent_class)->finalize (object);
}

static void
se_message_library_class_init (SeMessageLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_message_library_dispose;
  object_class->finalize = se_message_library_finalize;
}

static void
se_message_library_init (SeMessageLibrary *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

SeMessageLibrary *
se_message_library_new (void)
{
  return g_object_new (SE_TYPE_MESSAGE_LIBRARY, NULL);
}

GFile *
se_message_library_dup_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "socket-explorer",
                                            "messages.json", NULL);

  return g_file_new_for_path (path);
}

SeMessageLibrary *
se_message_library_new_for_file (GFile   *file,
                                 GError **error)
{
  g_autoptr(SeMessageLibrary) self = se_message_library_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (se_message_library_import_file (self, file, &local_error) < 0)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      se_message_library_add_defaults (self);
    }

  /* From now on, changes are written. */
  self->store = g_new0 (Store, 1);
  g_atomic_ref_count_init (&self->store->ref);
  g_mutex_init (&self->store->mutex);
  self->store->path = g_file_get_path (file);
  return g_steal_pointer (&self);
}

static void
insert (SeMessageLibrary *self,
        SeSavedMessage   *message)
{
  g_ptr_array_add (self->items, g_object_ref (message));
  g_signal_connect_object (message, "notify", G_CALLBACK (message_notify_cb), self, G_CONNECT_SWAPPED);
}

void
se_message_library_add (SeMessageLibrary *self,
                        SeSavedMessage   *message)
{
  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (SE_IS_SAVED_MESSAGE (message));

  insert (self, message);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  schedule_save (self);
}

void
se_message_library_remove (SeMessageLibrary *self,
                           guint             position)
{
  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (position < self->items->len);

  g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, position), self);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  schedule_save (self);
}

void
se_message_library_clear (SeMessageLibrary *self)
{
  guint n;

  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));

  n = self->items->len;
  if (n == 0)
    return;
  g_ptr_array_foreach (self->items, disconnect_item, self);
  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  schedule_save (self);
}

SeSavedMessage *
se_message_library_find (SeMessageLibrary *self,
                         const char       *name)
{
  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      SeSavedMessage *message = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (se_saved_message_get_name (message), name) == 0)
        return message;
    }
  return NULL;
}

char *
se_message_library_unique_name (SeMessageLibrary *self,
                                const char       *base)
{
  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), NULL);

  if (se_message_library_find (self, base) == NULL)
    return g_strdup (base);
  for (guint n = 2; ; n++)
    {
      /* Translators: a name taken already gets a number, e.g. "HTTP GET 2" */
      g_autofree char *name = g_strdup_printf (_("%s %u"), base, n);

      if (se_message_library_find (self, name) == NULL)
        return g_steal_pointer (&name);
    }
}

void
se_message_library_add_defaults (SeMessageLibrary *self)
{
  /* Sent over the wire: protocol words, not translated. */
  static const struct
  {
    const char *name;
    const char *data;
    SeEol       eol;
  } defaults[] = {
    /* What a browser sends first, as the seeds' web page fetch does */
    { "HTTP GET", "GET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n", SE_EOL_NONE },
    /* Gopher (port 70): an empty selector asks for the root menu */
    { "Gopher menu", "", SE_EOL_CRLF },
    /* SMTP (port 25) after the server's 220 greeting, and POP3 (110)
     * after its +OK */
    { "SMTP EHLO", "EHLO localhost", SE_EOL_CRLF },
    { "SMTP QUIT", "QUIT", SE_EOL_CRLF },
    { "POP3 USER", "USER student", SE_EOL_CRLF },
  };

  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autoptr(SeSavedMessage) message = NULL;

      if (se_message_library_find (self, defaults[i].name) != NULL)
        continue;
      message = se_saved_message_new (defaults[i].name, defaults[i].data, FALSE, defaults[i].eol);
      se_message_library_add (self, message);
    }
}

static gboolean
same_message (SeSavedMessage     *message,
              SeWorkspaceMessage *item)
{
  return g_strcmp0 (se_saved_message_get_name (message), item->name) == 0 &&
         g_strcmp0 (se_saved_message_get_data (message), item->data) == 0 &&
         se_saved_message_get_hex (message) == item->hex &&
         se_saved_message_get_eol (message) == item->eol;
}

guint
se_message_library_add_from_workspace (SeMessageLibrary *self,
                                       SeWorkspace      *workspace)
{
  GPtrArray *items;
  guint position, added = 0;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), 0);
  g_return_val_if_fail (SE_IS_WORKSPACE (workspace), 0);

  position = self->items->len;
  items = se_workspace_get_messages (workspace);
  for (guint i = 0; i < items->len; i++)
    {
      SeWorkspaceMessage *item = g_ptr_array_index (items, i);
      g_autoptr(SeSavedMessage) message = NULL;
      gboolean known = FALSE;

      for (guint j = 0; j < self->items->len && !known; j++)
        known = same_message (g_ptr_array_index (self->items, j), item);
      if (known)
        continue;

      message = se_saved_message_new (item->name, item->data, item->hex, item->eol);
      se_saved_message_set_encoding (message, item->encoding);
      se_saved_message_set_target (message, item->target);
      insert (self, message);
      added++;
    }

  if (added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      schedule_save (self);
    }
  return added;
}

void
se_message_library_fill_workspace (SeMessageLibrary *self,
                                   SeWorkspace      *workspace)
{
  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));
  g_return_if_fail (SE_IS_WORKSPACE (workspace));

  for (guint i = 0; i < self->items->len; i++)
    {
      SeSavedMessage *message = g_ptr_array_index (self->items, i);
      SeWorkspaceMessage *item;

      item = se_workspace_add_message (workspace, se_saved_message_get_name (message),
                                       se_saved_message_get_data (message),
                                       se_saved_message_get_hex (message),
                                       se_saved_message_get_eol (message));
      item->encoding = g_strdup (se_saved_message_get_encoding (message));
      item->target = g_strdup (se_saved_message_get_target (message));
    }
}

int
se_message_library_import_data (SeMessageLibrary  *self,
                                const char        *data,
                                gssize             length,
                                GError           **error)
{
  g_autoptr(SeWorkspace) workspace = NULL;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), -1);
  g_return_val_if_fail (data != NULL, -1);

  workspace = _se_workspace_new_from_data_full (data, length, TRUE, error);
  if (workspace == NULL)
    return -1;
  return (int) se_message_library_add_from_workspace (self, workspace);
}

int
se_message_library_import_file (SeMessageLibrary  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  int added;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  /* A few kilobytes, read at once. */
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return -1;
  added = se_message_library_import_data (self, contents, (gssize) length, &local_error);
  if (added < 0)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: the file's name, then what is wrong with it */
      g_set_error (error, local_error->domain, local_error->code, _("%s: %s"), name, local_error->message);
    }
  return added;
}

char *
se_message_library_to_data (SeMessageLibrary *self,
                            gsize            *length)
{
  g_autoptr(SeWorkspace) workspace = se_workspace_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *workspace_data = NULL;
  JsonObject *root;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), NULL);

  /* The workspace writer writes the messages; only they are kept, under
   * the library's own format. */
  se_message_library_fill_workspace (self, workspace);
  workspace_data = se_workspace_to_data (workspace, NULL);
  if (!json_parser_load_from_data (parser, workspace_data, -1, NULL))
    g_return_val_if_reached (NULL);
  root = json_node_get_object (json_parser_get_root (parser));
  json_object_remove_member (root, "listeners");
  json_object_remove_member (root, "clients");
  json_object_set_string_member (root, "format", SE_MESSAGE_LIBRARY_FORMAT);
  json_object_set_int_member (root, "version", SE_MESSAGE_LIBRARY_VERSION);

  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

gboolean
se_message_library_export_file (SeMessageLibrary  *self,
                                GFile             *file,
                                GError           **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (SE_IS_MESSAGE_LIBRARY (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = se_message_library_to_data (self, &length);
  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

void
se_message_library_flush (SeMessageLibrary *self)
{
  Write *write;

  g_return_if_fail (SE_IS_MESSAGE_LIBRARY (self));

  if (self->store == NULL)
    return;
  /* Nothing changed since the last write done: nothing to write (and
   * no file made for a library only ever read). */
  if (self->save_source == 0)
    {
      gboolean written;

      g_mutex_lock (&self->store->mutex);
      written = self->store->written == self->next_write;
      g_mutex_unlock (&self->store->mutex);
      if (written)
        return;
    }
  g_clear_handle_id (&self->save_source, g_source_remove);
  /* Numbered after every write started: whatever a worker still does,
   * this content is the one that stays. */
  write = make_write (self);
  write_now (write, NULL);
  write_free (write);
}
