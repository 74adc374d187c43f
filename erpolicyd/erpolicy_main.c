// SPDX-License-Identifier: GPL-2.0-or-later
/* erpolicyd: daemon entry point (FRR_DAEMON_INFO, signals, init order, frr_run). */
#include <zebra.h>

#include <lib/version.h>
#include "getopt.h"
#include "frrevent.h"
#include "command.h"
#include "log.h"
#include "memory.h"
#include "privs.h"
#include "sigevent.h"
#include "libfrr.h"

#include "erpolicy_nb.h"
#include "erpolicy_vty.h"
#include "erpolicy_debug.h"
#include "erpolicy_instance.h"
#include "erpolicy_apply.h"
#include "erpolicy_verify.h"
#include "erpolicy_zebra.h"
#include "erpolicy_probe.h"

/*
 * erpolicyd talks to the other daemons through their vty sockets and needs no
 * capability for that. CAP_NET_RAW is for the tunnel probes only (erpolicy_probe.c):
 * raised to open a raw ICMP socket where the kernel allows erpolicyd's group no
 * ping socket, or to bind a probe to the tunnel's interface.
 */
zebra_capabilities_t _caps_p[] = { ZCAP_NET_RAW };

struct zebra_privs_t erpolicy_privs = {
#if defined(FRR_USER) && defined(FRR_GROUP)
	.user = FRR_USER,
	.group = FRR_GROUP,
#endif
#if defined(VTY_GROUP)
	.vty_group = VTY_GROUP,
#endif
	.caps_p = _caps_p,
	.cap_num_p = array_size(_caps_p),
	.cap_num_i = 0,
};

static const struct option longopts[] = { { 0 } };

struct event_loop *master;

static void sighup(void)
{
	zlog_info("SIGHUP received and ignored");
}

static void sigint(void)
{
	zlog_notice("Terminating on signal");
	erpolicy_zebra_fini();
	erpolicy_verify_fini();
	erpolicy_apply_fini();
	erpolicy_instance_terminate();
	erpolicy_probe_fini();
	frr_fini();
	exit(0);
}

static void sigusr1(void)
{
	zlog_rotate();
}

static struct frr_signal_t erpolicy_signals[] = {
	{ .signal = SIGHUP, .handler = &sighup },
	{ .signal = SIGUSR1, .handler = &sigusr1 },
	{ .signal = SIGINT, .handler = &sigint },
	{ .signal = SIGTERM, .handler = &sigint },
};

static const struct frr_yang_module_info *const erpolicy_yang_modules[] = {
	&frr_expressroute_policy_info,
};

/* clang-format off */
FRR_DAEMON_INFO(erpolicyd, ERPOLICY,
	.vty_port = ERPOLICY_VTY_PORT,
	.proghelp = "ExpressRoute and site-to-site VPN coexistence policy daemon.",

	.signals = erpolicy_signals,
	.n_signals = array_size(erpolicy_signals),

	.privs = &erpolicy_privs,

	.yang_modules = erpolicy_yang_modules,
	.n_yang_modules = array_size(erpolicy_yang_modules),
);
/* clang-format on */

int main(int argc, char **argv, char **envp)
{
	frr_preinit(&erpolicyd_di, argc, argv);
	frr_opt_add("", longopts, "");

	while (1) {
		int opt = frr_getopt(argc, argv, NULL);

		if (opt == EOF)
			break;
		switch (opt) {
		case 0:
			break;
		default:
			frr_help_exit(1);
		}
	}

	master = frr_init();

	erpolicy_debug_init();
	erpolicy_instance_init(master);
	erpolicy_vty_init();
	erpolicy_apply_init(master, erpolicyd_di.vty_sock_path ? erpolicyd_di.vty_sock_path
							       : frr_runstatedir);
	erpolicy_verify_init(master);
	erpolicy_zebra_init(master, &erpolicy_privs);
	erpolicy_probe_init(master, &erpolicy_privs);

	frr_config_fork();
	frr_run(master);

	/* Not reached. */
	return 0;
}
