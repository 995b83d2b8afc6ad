/* se-send-progress.c: how far an auto-send or a file has got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A progress bar bound to an SeSenderProxy: it fills as messages or
 * bytes go out, pulses for a repetition without end, and hides when the
 * run is over. The sender runs on the network thread; this only shows
 * the values its proxy publishes (at most once per frame).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-send-progress.h"

struct _SeSendProgress
{
  GtkWidget      parent_instance;

  GtkProgressBar *bar;
  SeSenderProxy  *sender;
};

G_DEFINE_FINAL_TYPE (SeSendProgress, se_send_progress, GTK_TYPE_WIDGET)

char *
se_send_progress_describe (SeSenderMode  mode,
                           guint64       done,
                           guint64       total,
                           const char   *name)
{
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;

  if (mode == SE_SENDER_FILE)
    {
      done_text = g_format_size (done);
      total_text = g_format_size (total);
      /* Translators: a file being sent, e.g. "notes.txt: 1.0 MB of 4.2 MB sent" */
      return g_strdup_printf (_("%s: %s of %s sent"), name != NULL ? name : "", done_text, total_text);
    }

  done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  if (total == 0)
    /* Translators: an auto-send without end, e.g. "42 sent, until stopped" */
    return g_strdup_printf (_("%s sent, until stopped"), done_text);
  total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  /* Translators: an auto-send, messages sent of how many, e.g. "3 of 10 sent" */
  return g_strdup_printf (_("%s of %s sent"), done_text, total_text);
}

char *
se_send_progress_describe_end (SeSenderProxy *sender,
                               gboolean      *is_error)
{
  const char *failure = se_sender_proxy_get_error_message (sender);
  g_autofree char *done = NULL;

  *is_error = failure != NULL;
  if (se_sender_proxy_get_name (sender) == NULL)
    return g_strdup (failure);

  /* A file: how much went out, and why it stopped if it did */
  done = se_send_progress_describe (SE_SENDER_FILE, se_sender_proxy_get_done (sender),
                                    se_sender_proxy_get_total (sender), se_sender_proxy_get_name (sender));
  if (failure == NULL)
    return g_steal_pointer (&done);
  return g_strdup_printf ("%s (%s)", done, failure);
}

static void
update (SeSendProgress *self)
{
  gboolean running = self->sender != NULL && se_sender_proxy_get_running (self->sender);
  g_autofree char *text = NULL;
  guint64 done, total;

  /* Hidden whole, so that the composer's spacing closes up too */
  gtk_widget_set_visible (GTK_WIDGET (self), running);
  if (!running)
    return;

  done = se_sender_proxy_get_done (self->sender);
  total = se_sender_proxy_get_total (self->sender);
  text = se_send_progress_describe (se_sender_proxy_get_mode (self->sender), done, total,
                                    se_sender_proxy_get_name (self->sender));
  gtk_progress_bar_set_text (self->bar, text);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->bar, MIN ((double) done / (double) total, 1.0));
  else if (done > 0)
    gtk_progress_bar_pulse (self->bar);
  else
    gtk_progress_bar_set_fraction (self->bar, 0.0);
}

static void
sender_notify_cb (SeSendProgress *self)
{
  update (self);
}

static void
se_send_progress_dispose (GObject *object)
{
  SeSendProgress *self = SE_SEND_PROGRESS (object);

  se_send_progress_set_sender (self, NULL);
  g_clear_pointer ((GtkWidget **) &self->bar, gtk_widget_unparent);

  G_OBJECT_CLASS (se_send_progress_parent_class)->dispose (object);
}

static void
se_send_progress_class_init (SeSendProgressClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = se_send_progress_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
se_send_progress_init (SeSendProgress *self)
{
  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_name (GTK_WIDGET (self->bar), "send-progress");
  gtk_progress_bar_set_show_text (self->bar, TRUE);
  gtk_progress_bar_set_pulse_step (self->bar, 0.1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->bar), GTK_WIDGET (self));
}

GtkWidget *
se_send_progress_new (void)
{
  return g_object_new (SE_TYPE_SEND_PROGRESS, NULL);
}

void
se_send_progress_set_sender (SeSendProgress *self,
                             SeSenderProxy  *sender)
{
  g_return_if_fail (SE_IS_SEND_PROGRESS (self));
  g_return_if_fail (sender == NULL || SE_IS_SENDER_PROXY (sender));

  if (self->sender == sender)
    return;
  if (self->sender != NULL)
    g_signal_handlers_disconnect_by_data (self->sender, self);
  g_set_object (&self->sender, sender);
  if (sender != NULL)
    g_signal_connect_swapped (sender, "notify", G_CALLBACK (sender_notify_cb), self);
  if (self->bar != NULL)
    update (self);
}

SeSenderProxy *
se_send_progress_get_sender (SeSendProgress *self)
{
  g_return_val_if_fail (SE_IS_SEND_PROGRESS (self), NULL);
  return self->sender;
}

const char *
se_send_progress_get_text (SeSendProgress *self)
{
  g_return_val_if_fail (SE_IS_SEND_PROGRESS (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_progress_bar_get_text (self->bar) : "";
}
