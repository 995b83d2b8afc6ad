/* se-stepper.c: step mode, the app's own sockets held at each call until "Next"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher narrates a handshake, a message and a close one call at a
 * time. While step mode is on, the stream sockets of the thread hold
 * each call they are about to make and tell the stepper; "Next" lets the
 * oldest one go:
 *
 *  - send(): the bytes wait in the connection's own queue (nothing in the
 *    kernel yet), including a responder's reply;
 *  - recv(): the socket became readable, and the bytes wait in the
 *    kernel's receive buffer (SIOCINQ) until the one recv() is made; the
 *    peer's FIN waits the same way (the recv() that returns 0);
 *  - accept(): the handshake is done by the kernel, and the peer waits in
 *    the listen backlog;
 *  - close(): after the held sends before it.
 *
 *  - connect(): a stream client's socket is made, but no SYN goes out
 *    (nothing in the server's backlog) until the one connect() is made.
 *
 * Datagram sockets (UDP, Unix datagram, se-datagram-socket.c) are held
 * the same way: a sendto() (a client's, a listener's send or its
 * responder's reply) waits in the app with its address; a readable
 * socket is not read, and each Next makes one recvfrom() of one
 * datagram, the others waiting in the kernel's receive buffer (which
 * drops what a full one cannot take, as it would for a slow program).
 * Holding is per thread: the sockets and the stepper live on the same
 * one (the network thread in the window), so no locks.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-stepper-private.h"

typedef struct
{
  GObject           *owner;
  SeStepKind         kind;
  char              *description;
  SeStepReleaseFunc  release;
  SeStepReleaseDataFunc release_data;  /* instead of release */
  gpointer           data;
  GDestroyNotify     data_free;
} Step;

struct _SeStepper
{
  GObject  parent_instance;

  gboolean enabled;
  GQueue   steps;   /* Step, oldest first */
};

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_N_HELD,
  PROP_NEXT_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeStepper, se_stepper, G_TYPE_OBJECT)

static GPrivate default_stepper = G_PRIVATE_INIT (g_object_unref);

/* helpers */

static void
step_free (Step *step)
{
  g_object_unref (step->owner);
  if (step->data_free != NULL)
    step->data_free (step->data);
  g_free (step->description);
  g_free (step);
}

static void
notify_steps (SeStepper *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_DESCRIPTION]);
}

/* Lets the oldest step go. The owner may hold or forget other steps from
 * its callback: the step is off the queue first. */
static gboolean
release_head (SeStepper *self)
{
  Step *step = g_queue_pop_head (&self->steps);

  if (step == NULL)
    return FALSE;

  if (step->release_data != NULL)
    step->release_data (step->owner, step->kind, self->enabled, step->data);
  else
    step->release (step->owner, step->kind, self->enabled);
  step_free (step);
  return TRUE;
}

/* overrides */

static void
se_stepper_dispose (GObject *object)
{
  SeStepper *self = SE_STEPPER (object);

  g_queue_clear_full (&self->steps, (GDestroyNotify) step_free);

  G_OBJECT_CLASS (se_stepper_parent_class)->dispose (object);
}

static void
se_stepper_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SeStepper *self = SE_STEPPER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_N_HELD:
      g_value_set_uint (value, se_stepper_get_n_held (self));
      break;
    case PROP_NEXT_DESCRIPTION:
      g_value_set_string (value, se_stepper_get_next_description (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_stepper_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SeStepper *self = SE_STEPPER (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      se_stepper_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_stepper_class_init (SeStepperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = se_stepper_dispose;
  object_class->get_property = se_stepper_get_property;
  object_class->set_property = se_stepper_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_DESCRIPTION] =
    g_param_spec_string ("next-description", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_stepper_init (SeStepper *self)
{
  g_queue_init (&self->steps);
}

/* private API */

gboolean
_se_stepper_is_on (void)
{
  SeStepper *self = g_private_get (&default_stepper);

  return self != NULL && self->enabled;
}

static void
push_step (Step *step)
{
  SeStepper *self = se_stepper_get_default ();

  g_queue_push_tail (&self->steps, step);
  notify_steps (self);
}

void
_se_stepper_hold (GObject           *owner,
                  SeStepKind         kind,
                  char              *description,
                  SeStepReleaseFunc  release)
{
  Step *step;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (release != NULL);

  step = g_new0 (Step, 1);
  step->owner = g_object_ref (owner);
  step->kind = kind;
  step->description = description;
  step->release = release;
  push_step (step);
}

void
_se_stepper_hold_data (GObject               *owner,
                       SeStepKind             kind,
                       char                  *description,
                       SeStepReleaseDataFunc  release,
                       gpointer               data,
                       GDestroyNotify         data_free)
{
  Step *step;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (release != NULL);

  step = g_new0 (Step, 1);
  step->owner = g_object_ref (owner);
  step->kind = kind;
  step->description = description;
  step->release_data = release;
  step->data = data;
  step->data_free = data_free;
  push_step (step);
}

char *
_se_step_describe (SeStepKind  kind,
                   SeProtocol  protocol,
                   guint       id,
                   const char *address,
                   guint64     size)
{
  const char *family = protocol == SE_PROTOCOL_TCP ? "TCP" : "Unix";

  switch (kind)
    {
    case SE_STEP_SEND:
      /* Translators: %s is TCP or Unix */
      return g_strdup_printf (_("send(%zu) on %s connection #%u"),
                              (gsize) size, family, id);
    case SE_STEP_RECV:
      if (size == 0)
        /* Translators: %s is TCP or Unix; the peer closed its side */
        return g_strdup_printf (_("recv() on %s connection #%u: the peer's FIN waits"),
                                family, id);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is TCP or Unix */
                                           "recv() on %s connection #%u: %zu byte waits in the kernel",
                                           "recv() on %s connection #%u: %zu bytes wait in the kernel",
                                           (gsize) size),
                              family, id, (gsize) size);
    case SE_STEP_ACCEPT:
      /* Translators: %s is TCP or Unix, then the listener's address */
      return g_strdup_printf (_("accept() on %s listener %s: a peer waits in the backlog"),
                              family, address != NULL ? address : "");
    case SE_STEP_CLOSE:
      return g_strdup_printf (_("close() of %s connection #%u"), family, id);
    case SE_STEP_CONNECT:
      {
        g_autofree char *uri = g_strdup_printf ("%s://%s", se_protocol_to_string (protocol),
                                                address != NULL ? address : "");

        /* Translators: %s is where, e.g. tcp://127.0.0.1:7000 */
        return g_strdup_printf (_("connect() to %s"), uri);
      }
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

char *
_se_step_describe_datagram (SeStepKind  kind,
                            SeProtocol  protocol,
                            guint       id,
                            const char *address,
                            const char *to,
                            guint64     size)
{
  g_autofree char *name = NULL;

  if (id != 0)
    name = protocol == SE_PROTOCOL_UDP
      ? g_strdup_printf (_("UDP client #%u"), id)
      : g_strdup_printf (_("Unix datagram client #%u"), id);
  else
    name = protocol == SE_PROTOCOL_UDP
      ? g_strdup_printf (_("UDP listener %s"), address != NULL ? address : "")
      : g_strdup_printf (_("Unix datagram listener %s"), address != NULL ? address : "");

  switch (kind)
    {
    case SE_STEP_SEND:
      /* Translators: the size, the address it goes to, then "UDP client #3"
       * or "UDP listener 127.0.0.1:7000" */
      return g_strdup_printf (_("sendto(%zu) to %s on %s"), (gsize) size, to != NULL ? to : "", name);
    case SE_STEP_RECV:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: %s is "UDP client #3" or "UDP listener 127.0.0.1:7000" */
                                           "recvfrom() on %s: a datagram of %zu byte waits in the kernel",
                                           "recvfrom() on %s: a datagram of %zu bytes waits in the kernel",
                                           (gsize) size),
                              name, (gsize) size);
    case SE_STEP_ACCEPT:
    case SE_STEP_CLOSE:
    case SE_STEP_CONNECT:
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

void
_se_stepper_forget (GObject *owner)
{
  SeStepper *self = g_private_get (&default_stepper);
  GList *l, *next;
  gboolean changed = FALSE;

  if (self == NULL)
    return;

  for (l = self->steps.head; l != NULL; l = next)
    {
      Step *step = l->data;

      next = l->next;
      if (step->owner == owner)
        {
          g_queue_delete_link (&self->steps, l);
          step_free (step);
          changed = TRUE;
        }
    }
  if (changed)
    notify_steps (self);
}

/* public API */

SeStepper *
se_stepper_get_default (void)
{
  SeStepper *self = g_private_get (&default_stepper);

  if (self == NULL)
    {
      self = g_object_new (SE_TYPE_STEPPER, NULL);
      g_private_set (&default_stepper, self);
    }
  return self;
}

gboolean
se_stepper_get_enabled (SeStepper *self)
{
  g_return_val_if_fail (SE_IS_STEPPER (self), FALSE);

  return self->enabled;
}

void
se_stepper_set_enabled (SeStepper *self,
                        gboolean   enabled)
{
  g_autoptr(SeStepper) hold = NULL;

  g_return_if_fail (SE_IS_STEPPER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  hold = g_object_ref (self);
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);

  /* Off: everything held goes on, in the order it was held; nothing new
   * is held meanwhile (enabled is already FALSE). */
  if (!enabled && !g_queue_is_empty (&self->steps))
    {
      while (release_head (self))
        ;
      notify_steps (self);
    }
}

guint
se_stepper_get_n_held (SeStepper *self)
{
  g_return_val_if_fail (SE_IS_STEPPER (self), 0);

  return g_queue_get_length (&self->steps);
}

const char *
se_stepper_get_next_description (SeStepper *self)
{
  Step *step;

  g_return_val_if_fail (SE_IS_STEPPER (self), "");

  step = g_queue_peek_head (&self->steps);
  return step != NULL ? step->description : "";
}

gboolean
se_stepper_next (SeStepper *self)
{
  g_autoptr(SeStepper) hold = NULL;
  gboolean released;

  g_return_val_if_fail (SE_IS_STEPPER (self), FALSE);

  hold = g_object_ref (self);
  released = release_head (self);
  if (released)
    notify_steps (self);
  return released;
}
