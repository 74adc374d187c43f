// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: zebra client, used only to hear about route changes promptly.
 *
 * erpolicyd installs nothing through zapi. It subscribes to the redistribution
 * of the selected BGP, static and connected routes, and any change schedules
 * the verifier. It says hello as an otherwise unused route type with its own
 * instance, so zebra never mistakes it for bgpd or staticd (graceful restart
 * matches clients by protocol and instance).
 */
#include <zebra.h>

#include "log.h"
#include "zclient.h"
#include "vrf.h"

#include "erpolicy_zebra.h"
#include "erpolicy_verify.h"

#define ERPOLICY_ZEBRA_ROUTE ZEBRA_ROUTE_HSLS
#define ERPOLICY_ZEBRA_INSTANCE 4242
/* Coalesce a burst of route changes into one verification. */
#define ERPOLICY_ROUTE_EVENT_DELAY_MS 50

static struct zclient *zclient;

static int erpolicy_zebra_route(ZAPI_CALLBACK_ARGS)
{
	erpolicy_verify_schedule(ERPOLICY_ROUTE_EVENT_DELAY_MS);
	return 0;
}

static void erpolicy_zebra_connected(struct zclient *zc)
{
	const int types[] = { ZEBRA_ROUTE_BGP, ZEBRA_ROUTE_STATIC, ZEBRA_ROUTE_CONNECT };

	zclient_send_reg_requests(zc, VRF_DEFAULT);
	for (afi_t afi = AFI_IP; afi <= AFI_IP6; afi++)
		for (size_t i = 0; i < array_size(types); i++)
			zebra_redistribute_send(ZEBRA_REDISTRIBUTE_ADD, zc, afi, types[i], 0,
						VRF_DEFAULT);
	erpolicy_verify_schedule(0);
}

static zclient_handler *const erpolicy_handlers[] = {
	[ZEBRA_REDISTRIBUTE_ROUTE_ADD] = erpolicy_zebra_route,
	[ZEBRA_REDISTRIBUTE_ROUTE_DEL] = erpolicy_zebra_route,
};

void erpolicy_zebra_init(struct event_loop *loop, struct zebra_privs_t *privs)
{
	zclient = zclient_new(loop, &zclient_options_default, erpolicy_handlers,
			      array_size(erpolicy_handlers));
	zclient_init(zclient, ERPOLICY_ZEBRA_ROUTE, ERPOLICY_ZEBRA_INSTANCE, privs);
	zclient->zebra_connected = erpolicy_zebra_connected;
}

void erpolicy_zebra_fini(void)
{
	if (!zclient)
		return;
	zclient_stop(zclient);
	zclient_free(zclient);
	zclient = NULL;
}
