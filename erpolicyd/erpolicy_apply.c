// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * erpolicyd: keeps bgpd and staticd (through mgmtd) holding exactly the objects
 * the instances' plans want.
 *
 * Transport: the daemons' vty unix sockets, speaking what vtysh speaks (a
 * command plus NUL; a reply of text plus the trailer 00 00 00 <rc>). Never a
 * shell or an external program.
 */
#include <zebra.h>

#include "log.h"
#include "frrevent.h"
#include "command.h"

#include "erpolicy_apply.h"
#include "erpolicy_vtyconn.h"
#include "erpolicy_diff.h"
#include "erpolicy_readback.h"
#include "erpolicy_pass.h"
#include "erpolicy_instance.h"
#include "erpolicy_debug.h"
#include "erpolicy_zebra.h"
#include "lib/json.h"

DEFINE_HOOK(erpolicy_apply_pushed, (), ());

static struct event_loop *apply_loop;
static struct event *t_reconcile;
/*
 * Nothing is reconciled before the configuration arrived (from -f at start-up
 * or from `vtysh -b` a little later), or a restart would first remove every
 * owned object and then put it back. Without any configuration, the first pass
 * runs after the grace period and removes what a previous run left behind.
 */
static bool apply_started;
#define ERPOLICY_STARTUP_GRACE_MS 10000
/*
 * Configuration loads elsewhere. Pushing into a daemon while its configuration
 * is being loaded (vtysh -b at boot, or its frr.conf after watchfrr restarted
 * it) was seen to leave mgmtd without part of the operator's static routes, and
 * a binding pushed while bgpd's file arrives can overwrite the operator's own
 * `neighbor X route-map Y in` that comes after. Each daemon says whether a load
 * is in progress (`show configuration version`, FRR patch 0005): nothing is
 * pushed while one is, nor to a daemon that has just started and has had no
 * configuration yet (its load has not begun), for at most
 * ERPOLICY_LOAD_SETTLE_MS (erpolicy_pass.h: the decision). An operator's
 * `vtysh -f` or single command into erpolicyd, with the daemons loaded, is
 * applied at once.
 */
static bool apply_loading; /* between erpolicyd's XFRR_start and _end */
static int64_t apply_loading_since;
/* While waiting for a load: how often to look again. */
#define ERPOLICY_LOAD_POLL_MS 100

/*
 * The daemons erpolicyd reads. Each pass first asks each of them the cheap
 * question (`show configuration version json`); the whole running
 * configurations are read and compared only when an answer changed since the
 * last full pass, when the intent changed, or when the last pass left something
 * to confirm.
 */
enum apply_daemon {
	APPLY_BGPD = ERPOLICY_PASS_BGPD,
	APPLY_MGMTD = ERPOLICY_PASS_MGMTD,
	APPLY_ZEBRA = ERPOLICY_PASS_ZEBRA,
	APPLY_DAEMON_MAX = ERPOLICY_PASS_DAEMONS,
};
static struct apply_daemon_state {
	const char *name;
	/* Its answer just before the last full read; generation 0: none. */
	struct erpolicy_cfgver read;
	/* The instance of the daemon last seen, and since when (monotonic ms). */
	uint64_t generation;
	int64_t since;
} apply_daemons[APPLY_DAEMON_MAX] = {
	[APPLY_BGPD] = { .name = "bgpd" },
	[APPLY_MGMTD] = { .name = "mgmtd" },
	[APPLY_ZEBRA] = { .name = "zebra" },
};
static enum erpolicy_pass_step apply_last_step = ERPOLICY_PASS_FULL;
/* A vty session to each, kept from pass to pass (closed when it fails). */
static struct erpolicy_vtyconn apply_conn[APPLY_DAEMON_MAX] = {
	[APPLY_BGPD] = { .fd = -1 },
	[APPLY_MGMTD] = { .fd = -1 },
	[APPLY_ZEBRA] = { .fd = -1 },
};
/* The intent changed (or a daemon connection was lost): the next pass reads everything. */
static bool apply_force = true;
/* When the last full pass ended, and the earliest the next may start unless forced. */
static int64_t apply_full_last, apply_full_not_before;

/*
 * A route-map deleted while a neighbor is bound to it is not re-created before
 * bgpd's route-map delay timer has run out after the last change to its
 * route-maps (bgpd restarts the timer on each). Until then bgpd holds the
 * deleted map, and pointers to it where it caches them (FRR 10.7.1: outbound in
 * the update groups, and the other bindings), and creating the name again frees
 * it under them (tools/frr-patches/0004 fixes that in FRR; this keeps erpolicyd
 * from ever causing it, on any FRR). Meanwhile bgpd denies what the binding
 * filters, as it does for any missing route-map.
 */
static struct erpolicy_strv rmap_missing; /* names, as first seen missing */
static int64_t *rmap_missing_since;	  /* monotonic ms, per name */
static int64_t apply_last_rmap_push;	  /* our last push of route-maps or lists */
#define ERPOLICY_RMAP_DELAY_MARGIN_MS 1000

/* Pushes in a row that did not converge: a bug or a daemon ignoring us. */
static unsigned int apply_unconverged;
#define ERPOLICY_UNCONVERGED_MAX 3

const char *erpolicy_apply_state_name(enum erpolicy_apply_state st)
{
	switch (st) {
	case ERPOLICY_APPLY_PENDING:
		return "pending";
	case ERPOLICY_APPLY_WAITING:
		return "waiting";
	case ERPOLICY_APPLY_APPLIED:
		return "applied";
	case ERPOLICY_APPLY_FAILED:
		return "failed";
	}
	return "unknown";
}

/*
 * Send config lines. With batch, as one northbound transaction the way vtysh
 * loads a file (XFRR_start/end_configuration): a rejected line fails the whole
 * batch, and its error can arrive on a later reply with rc 0, so every reply
 * is checked for it. Returns 0 or -1 with errbuf set.
 */
static int vtyconn_config_lines(struct erpolicy_vtyconn *c, const struct erpolicy_strv *lines,
				bool batch, char *errbuf, size_t errlen)
{
	int ret = 0;

	if (!lines->n)
		return 0;
	if (batch)
		ERPOLICY_DEBUG_APPLY("%s <- XFRR_start_configuration (%zu lines)", c->daemon,
				     lines->n);
	if (batch && erpolicy_vtyconn_cmd(c, "XFRR_start_configuration", NULL) != CMD_SUCCESS) {
		snprintf(errbuf, errlen, "%s: XFRR_start_configuration refused", c->daemon);
		return -1;
	}
	for (size_t i = 0; i <= lines->n; i++) {
		const char *line = i < lines->n ? lines->v[i] : NULL;
		char *reply = NULL;
		int rc;

		if (!line) {
			if (!batch)
				break;
			line = "XFRR_end_configuration";
		}
		ERPOLICY_DEBUG_APPLY("%s <- %s", c->daemon, line);
		rc = erpolicy_vtyconn_cmd(c, line, &reply);
		if (rc < 0) {
			snprintf(errbuf, errlen, "%s: connection lost at \"%s\": %s", c->daemon,
				 line, c->err);
			return -1;
		}
		if ((rc != CMD_SUCCESS && rc != CMD_SUCCESS_DAEMON) ||
		    (reply && strstr(reply, "% Configuration failed"))) {
			char *nl;

			if (reply) {
				while ((nl = strchr(reply, '\n')))
					*nl = ' ';
			}
			snprintf(errbuf, errlen, "%s rejected \"%s\" (rc %d): %s", c->daemon, line,
				 rc, reply ? reply : "");
			ret = -1;
		}
		XFREE(MTYPE_TMP, reply);
		if (ret && !batch)
			break;
	}
	return ret;
}

/* A batch's replies may take a commit of everything gathered so far: waited for longer. */
static int vtyconn_config(struct erpolicy_vtyconn *c, const struct erpolicy_strv *lines,
			  bool batch, char *errbuf, size_t errlen)
{
	int saved = c->reply_ms, ret;

	if (batch)
		c->reply_ms = ERPOLICY_BATCH_REPLY_MS;
	ret = vtyconn_config_lines(c, lines, batch, errbuf, errlen);
	c->reply_ms = saved;
	return ret;
}

/*
 * bgpd: one command, one commit, as an operator types them, for the usual
 * small change. Each commit of a prefix-list or route-map line costs bgpd in
 * proportion to all it holds, so a large list (a first apply, a removed policy)
 * goes as one XFRR_start/end_configuration batch, one commit, as vtysh -f
 * does. Not always: in bgpd the batch marks the configuration as being read
 * in, which holds a session created meanwhile until the route-map delay timer
 * has run out after the end marker (seen: Idle peers for a minute when such
 * batches met the load after a restart of bgpd). A batch that failed is sent
 * line by line the next time, so that one bad line does not hold back the rest.
 */
#define ERPOLICY_BGPD_BATCH_MIN_LINES 64
static bool bgpd_batch_failed;

static int bgpd_list(struct erpolicy_vtyconn *c, const struct erpolicy_strv *lines,
		     size_t nb_lines, char *errbuf, size_t errlen)
{
	bool batch = nb_lines >= ERPOLICY_BGPD_BATCH_MIN_LINES && !bgpd_batch_failed;
	int ret = vtyconn_config(c, lines, batch, errbuf, errlen);

	if (batch || !ret)
		bgpd_batch_failed = batch && ret;
	return ret;
}

/*
 * Objects, bindings and removals in one push, in that order (each part ends at
 * the top level), one commit when large; then the refresh of the neighbors
 * rebound.
 */
static int push_bgpd(struct erpolicy_vtyconn *c, const struct erpolicy_diff *d, char *errbuf,
		     size_t errlen)
{
	const struct erpolicy_strv *parts[] = { &d->bgpd_objects, &d->bgpd_bindings,
						&d->bgpd_removals };
	struct erpolicy_strv lines = {};
	int ret;

	for (size_t p = 0; p < array_size(parts); p++)
		for (size_t i = 0; i < parts[p]->n; i++)
			erpolicy_strv_push(&lines, parts[p]->v[i]);
	if (erpolicy_vtyconn_cmd(c, "configure terminal", NULL) != CMD_SUCCESS) {
		snprintf(errbuf, errlen, "bgpd: configure terminal refused");
		erpolicy_strv_free(&lines);
		return -1;
	}
	/*
	 * Only the prefix-list and route-map lines (northbound commits) cost bgpd in
	 * proportion to all it holds; the bindings are classic commands, cheap one
	 * by one: they do not make a push a batch.
	 */
	ret = bgpd_list(c, &lines, d->bgpd_objects.n + d->bgpd_removals.n, errbuf, errlen);
	erpolicy_strv_free(&lines);
	erpolicy_vtyconn_cmd(c, "end", NULL);
	if (ret)
		return -1;

	/* bgpd would apply the change only after its route-map delay timer. */
	for (size_t i = 0; i < d->refresh.n; i++) {
		char vrf[64], afi[8], nbr[128], cmd[256];

		if (sscanf(d->refresh.v[i], "%63[^\t]\t%7[^\t]\t%127s", vrf, afi, nbr) != 3)
			continue;
		if (strcmp(vrf, ERPOLICY_VRF_DEFAULT) == 0)
			snprintf(cmd, sizeof(cmd), "clear bgp %s unicast %s soft", afi, nbr);
		else
			snprintf(cmd, sizeof(cmd), "clear bgp vrf %s %s unicast %s soft", vrf, afi,
				 nbr);
		ERPOLICY_DEBUG_APPLY("bgpd <- %s", cmd);
		erpolicy_vtyconn_cmd(c, cmd, NULL);
	}
	return 0;
}

/*
 * mgmtd: one command, one commit, as an operator types them. Not as a
 * file-locked XFRR batch: seen in FRR 10.3, a batch committed as the daemons
 * started reached mgmtd's running configuration but not staticd, and once made
 * mgmtd abort (tools/frr-patches/0003). While another session holds the
 * datastores (vtysh -b loading frr.conf after a restart), mgmtd refuses the
 * command without touching the candidate that session is filling: nothing
 * more is sent then. Returns 0, -1 with errbuf set, or 1 when mgmtd is busy
 * that way.
 */
static int mgmtd_batch(struct erpolicy_vtyconn *c, const struct erpolicy_strv *lines, char *errbuf,
		       size_t errlen)
{
	int ret;

	if (!lines->n)
		return 0;
	if (erpolicy_vtyconn_cmd(c, "configure terminal", NULL) != CMD_SUCCESS) {
		snprintf(errbuf, errlen, "mgmtd: configure terminal refused");
		return -1;
	}
	ret = vtyconn_config(c, lines, false, errbuf, errlen);
	erpolicy_vtyconn_cmd(c, "end", NULL);
	if (ret && strstr(errbuf, "could not lock")) {
		snprintf(errbuf, errlen, "mgmtd's configuration is locked by another session");
		return 1;
	}
	return ret;
}

static int push_mgmtd(struct erpolicy_vtyconn *c, const struct erpolicy_diff *d, char *errbuf,
		      size_t errlen)
{
	return mgmtd_batch(c, &d->mgmtd, errbuf, errlen);
}

static void instance_set_state(struct erpolicy_instance *inst, enum erpolicy_apply_state st,
			       const char *reason)
{
	if (inst->apply_state != st || strcmp(inst->apply_reason, reason ? reason : "") != 0)
		ERPOLICY_DEBUG_APPLY("vrf %s: %s%s%s", inst->vrf, erpolicy_apply_state_name(st),
				     reason ? ": " : "", reason ? reason : "");
	inst->apply_state = st;
	if (st == ERPOLICY_APPLY_APPLIED)
		inst->converged = true;
	snprintf(inst->apply_reason, sizeof(inst->apply_reason), "%s", reason ? reason : "");
}

/* Give each instance the warnings of its VRF; log the new ones. */
static void instance_set_warnings(const struct erpolicy_diff *d)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		struct erpolicy_strv now = {};
		size_t vlen = strlen(inst->vrf);

		for (size_t i = 0; i < d->warnings.n; i++) {
			const char *w = d->warnings.v[i];

			if (strncmp(w, inst->vrf, vlen) != 0 || w[vlen] != '\t')
				continue;
			erpolicy_strv_push(&now, w + vlen + 1);
			if (!erpolicy_strv_has(&inst->warnings, w + vlen + 1))
				zlog_warn("expressroute-policy vrf %s: %s", inst->vrf,
					  w + vlen + 1);
		}
		erpolicy_strv_sort(&now);
		erpolicy_strv_free(&inst->warnings);
		inst->warnings = now;
	}
}

static bool diff_touches_vrf(const struct erpolicy_diff *d, const char *vrf)
{
	if (erpolicy_strv_has(&d->vrfs, vrf))
		return true;
	for (size_t i = 0; i < d->mgmtd.n; i++) {
		const char *v = strstr(d->mgmtd.v[i], " vrf ");

		if (v ? strcmp(v + 5, vrf) == 0 : strcmp(vrf, ERPOLICY_VRF_DEFAULT) == 0)
			return true;
	}
	return false;
}

/*
 * Is the push only binding neighbors that were missing from router bgp until
 * now? That is the policy picking up a new neighbor, not drift.
 */
static bool diff_is_pickup(const struct erpolicy_instance *inst, const struct erpolicy_diff *d)
{
	if (d->bgpd_objects.n || d->bgpd_removals.n || d->mgmtd.n || !d->bgpd_bindings.n)
		return false;
	for (size_t i = 0; i < d->bgpd_bindings.n; i++) {
		char nbr[140], word[160];
		bool warned = false;

		if (sscanf(d->bgpd_bindings.v[i], "  neighbor %127s", nbr) != 1)
			continue; /* context lines */
		snprintf(word, sizeof(word), "neighbor %s ", nbr);
		for (size_t w = 0; w < inst->warnings.n; w++)
			if (strstr(inst->warnings.v[w], word))
				warned = true;
		if (!warned)
			return false;
	}
	return true;
}

static void log_changes(const char *vrf, const struct erpolicy_diff *d, const char *why)
{
	const struct erpolicy_strv *parts[] = { &d->bgpd_objects, &d->bgpd_bindings,
						&d->bgpd_removals, &d->mgmtd };

	for (size_t p = 0; p < array_size(parts); p++)
		for (size_t i = 0; i < parts[p]->n; i++)
			zlog_warn("expressroute-policy vrf %s: restoring (%s): %s", vrf, why,
				  parts[p]->v[i]);
}

/*
 * `write memory` saves erpolicyd's prefix-lists and route-maps in frr.conf, and
 * loading that file (vtysh -b) gives copies to mgmtd and through it to zebra,
 * which never use them. Remove such copies so the router's configuration holds
 * each owned object once, in bgpd; not counted as drift. zebra takes this
 * configuration only from mgmtd, and was seen keeping a copy that mgmtd no
 * longer had (removed while the load was still being passed on): such an
 * orphan is given back to mgmtd and removed again, which reaches zebra.
 */
static void mgmtd_remove_copies(struct erpolicy_vtyconn *c, const char *mgmtd_text,
				const char *zebra_text)
{
	struct erpolicy_state mg, zb;
	struct erpolicy_strv lines = {};
	char errbuf[512];

	erpolicy_state_init(&mg);
	erpolicy_state_init(&zb);
	erpolicy_state_parse_bgpd(&mg, mgmtd_text);
	erpolicy_state_parse_bgpd(&zb, zebra_text);
	erpolicy_state_finish(&mg);
	erpolicy_state_finish(&zb);
	for (size_t i = 0; i < zb.rmap.n; i++) {
		char header[256];

		snprintf(header, sizeof(header), "%s", zb.rmap.v[i]);
		header[strcspn(header, "\n")] = '\0';
		if (!erpolicy_strv_has(&mg.rmap, zb.rmap.v[i])) {
			erpolicy_strv_push(&lines, header);
			erpolicy_strv_push(&lines, "exit");
		}
		erpolicy_strv_pushf(&lines, "no %s", header);
	}
	for (size_t i = 0; i < zb.plist.n; i++) {
		if (!erpolicy_strv_has(&mg.plist, zb.plist.v[i]))
			erpolicy_strv_push(&lines, zb.plist.v[i]);
		erpolicy_strv_pushf(&lines, "no %s", zb.plist.v[i]);
	}
	for (size_t i = 0; i < mg.rmap.n; i++) {
		char header[256];

		snprintf(header, sizeof(header), "%s", mg.rmap.v[i]);
		header[strcspn(header, "\n")] = '\0';
		erpolicy_strv_pushf(&lines, "no %s", header);
	}
	for (size_t i = 0; i < mg.plist.n; i++)
		erpolicy_strv_pushf(&lines, "no %s", mg.plist.v[i]);
	if (lines.n) {
		ERPOLICY_DEBUG_APPLY("mgmtd: removing copies of owned objects (%zu lines)",
				     lines.n);
		if (mgmtd_batch(c, &lines, errbuf, sizeof(errbuf)))
			ERPOLICY_DEBUG_APPLY("mgmtd: %s", errbuf);
	}
	erpolicy_strv_free(&lines);
	erpolicy_state_free(&mg);
	erpolicy_state_free(&zb);
}

/*
 * Whether zebra has the static route of a pin ("ip[v6] route P NH tag 4242[
 * vrf X]"): 1 yes, 0 no although its next hop resolves (staticd should have
 * installed it), -1 not known (zebra unreachable, or the next hop does not
 * resolve, in which case staticd rightly holds it back).
 */
static int pin_in_zebra(struct erpolicy_vtyconn *zc, const char *pin)
{
	char fam[8], pfx[64], nh[64], vrf[40] = "default", cmd[256], err[64];
	const char *v = strstr(pin, " vrf ");
	struct erpolicy_pfx nhp;
	char *text = NULL;
	json_object *js, *routes;
	int found = 0;

	if (sscanf(pin, "%7s route %63s %63s", fam, pfx, nh) != 3)
		return -1;
	if (v)
		snprintf(vrf, sizeof(vrf), "%s", v + 5);
	if (erpolicy_pfx_parse(nh, true, &nhp, err, sizeof(err)) ||
	    !erpolicy_zebra_lookup(vrf, &nhp, false))
		return -1;
	snprintf(cmd, sizeof(cmd), "show %s route%s%s %s json", fam, v ? " vrf " : "",
		 v ? vrf : "", pfx);
	if (erpolicy_vtyconn_cmd(zc, cmd, &text) != CMD_SUCCESS || !text) {
		XFREE(MTYPE_TMP, text);
		return -1;
	}
	js = json_tokener_parse(text);
	XFREE(MTYPE_TMP, text);
	if (!js)
		return -1;
	if (json_object_object_get_ex(js, pfx, &routes) &&
	    json_object_is_type(routes, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(routes) && !found; i++) {
			json_object *rt = json_object_array_get_idx(routes, i), *o, *nhs;

			if (!json_object_object_get_ex(rt, "protocol", &o) ||
			    strcmp(json_object_get_string(o), "static") != 0 ||
			    !json_object_object_get_ex(rt, "tag", &o) ||
			    json_object_get_int64(o) != ERPOLICY_PIN_TAG ||
			    !json_object_object_get_ex(rt, "nexthops", &nhs) ||
			    !json_object_is_type(nhs, json_type_array))
				continue;
			for (size_t j = 0; j < json_object_array_length(nhs); j++)
				if (json_object_object_get_ex(json_object_array_get_idx(nhs, j),
							      "ip", &o) &&
				    strcmp(json_object_get_string(o), nh) == 0)
					found = 1;
		}
	}
	json_object_put(js);
	return found;
}

/* A pin must be missing from zebra this long before it is sent again. */
#define ERPOLICY_PIN_RESYNC_MS 3000

static int64_t apply_now_ms(void);

/* The pins seen in mgmtd but missing from zebra, each with when it was first seen so. */
static struct erpolicy_strv pins_missing;
static int64_t *pins_missing_since;

/*
 * Pins mgmtd holds that never reached zebra, although their next hop
 * resolves: seen in FRR 10.3 when the commit came as the daemons started (in
 * mgmtd's running configuration, never passed on to staticd). Sending them
 * again changes nothing in mgmtd, so one missing from zebra for
 * ERPOLICY_PIN_RESYNC_MS is removed from mgmtd and added again: that commit
 * reaches staticd.
 */
static void pins_resync(struct erpolicy_vtyconn *mc, struct erpolicy_vtyconn *zc,
			const struct erpolicy_state *want, const struct erpolicy_state *have)
{
	struct erpolicy_strv missing = {}, lines = {};
	int64_t *since, now = apply_now_ms();
	char errbuf[512];

	since = XCALLOC(MTYPE_TMP, sizeof(*since) * (want->pin.n + 1));
	for (size_t i = 0; zc->fd >= 0 && i < want->pin.n; i++) {
		const char *pin = want->pin.v[i];
		int64_t first = now;

		if (!erpolicy_strv_has(&have->pin, pin) || pin_in_zebra(zc, pin) != 0)
			continue;
		for (size_t j = 0; j < pins_missing.n; j++)
			if (strcmp(pins_missing.v[j], pin) == 0)
				first = pins_missing_since[j];
		if (now - first >= ERPOLICY_PIN_RESYNC_MS) {
			/* Sent again: counted afresh from now. */
			erpolicy_strv_pushf(&lines, "no %s", pin);
			erpolicy_strv_push(&lines, pin);
			first = now;
		}
		since[missing.n] = first;
		erpolicy_strv_push(&missing, pin);
	}
	if (lines.n) {
		zlog_warn("expressroute-policy: %zu pin route(s) in mgmtd did not reach zebra in %d s: sending them again",
			  lines.n / 2, ERPOLICY_PIN_RESYNC_MS / 1000);
		if (mgmtd_batch(mc, &lines, errbuf, sizeof(errbuf)))
			ERPOLICY_DEBUG_APPLY("mgmtd: %s", errbuf);
	}
	erpolicy_strv_free(&pins_missing);
	XFREE(MTYPE_TMP, pins_missing_since);
	pins_missing = missing;
	pins_missing_since = since;
	erpolicy_strv_free(&lines);
}

/*
 * An instance whose VRF has no router bgp (bgp_asn still 0 after bgpd was read)
 * waits for it: nothing of its plan is pushed, and what the daemons hold of it
 * stays as it is (a bgpd just restarted has no router bgp until its configuration
 * is loaded: the pins are not taken away for that moment). The operator may
 * configure the two in either order.
 */
static bool instance_waits_for_bgp(const struct erpolicy_instance *inst)
{
	return inst->bgp_asn == 0;
}

/* Does an owned line of a daemon belong to vrf? (pin: a pin route line) */
static bool owned_line_in_vrf(const char *line, bool pin, const char *vrf)
{
	char buf[64];
	const char *p;

	if (pin) {
		p = strstr(line, " vrf ");
		return strcmp(p ? p + 5 : ERPOLICY_VRF_DEFAULT, vrf) == 0;
	}
	p = strstr(line, ERPOLICY_OWNER_TAG "-");
	return p && strcmp(erpolicy_name_vrf(p, buf, sizeof(buf)), vrf) == 0;
}

/* Want for vrf exactly what the daemons have of it: the diff leaves it alone. */
static void want_keep_vrf(struct erpolicy_state *want, const struct erpolicy_state *have,
			  const char *vrf)
{
	size_t vlen = strlen(vrf);

	for (size_t i = 0; i < have->plist.n; i++)
		if (owned_line_in_vrf(have->plist.v[i], false, vrf))
			erpolicy_strv_push(&want->plist, have->plist.v[i]);
	for (size_t i = 0; i < have->rmap.n; i++)
		if (owned_line_in_vrf(have->rmap.v[i], false, vrf))
			erpolicy_strv_push(&want->rmap, have->rmap.v[i]);
	for (size_t i = 0; i < have->pin.n; i++)
		if (owned_line_in_vrf(have->pin.v[i], true, vrf))
			erpolicy_strv_push(&want->pin, have->pin.v[i]);
	for (size_t i = 0; i < have->bind.n; i++)
		if (strncmp(have->bind.v[i], vrf, vlen) == 0 && have->bind.v[i][vlen] == '\t')
			erpolicy_strv_push(&want->bind, have->bind.v[i]);
}

static void instance_set_bgp_waiting(struct erpolicy_instance *inst)
{
	char reason[160];

	if (strcmp(inst->vrf, ERPOLICY_VRF_DEFAULT) == 0)
		snprintf(reason, sizeof(reason),
			 "no router bgp in bgpd: nothing applied until it exists");
	else
		snprintf(reason, sizeof(reason),
			 "no router bgp for vrf %s in bgpd: nothing applied until it exists",
			 inst->vrf);
	instance_set_state(inst, ERPOLICY_APPLY_WAITING, reason);
}

static int64_t apply_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The maximum-prefix settings this process wanted on the intent's neighbors,
 * as long as bgpd still has them: when the intent drops one, it is removed if
 * it is still the one erpolicyd set (an operator's own is left alone). Kept in
 * memory only: a setting dropped from the intent while erpolicyd was not
 * running stays in bgpd.
 */
static struct erpolicy_strv apply_maxpfx_prev;

static void maxpfx_prev_into(struct erpolicy_state *want, const struct erpolicy_state *have)
{
	struct erpolicy_strv next = {};

	for (size_t i = 0; i < apply_maxpfx_prev.n; i++) {
		erpolicy_strv_push(&want->maxpfx_prev, apply_maxpfx_prev.v[i]);
		if (erpolicy_strv_has(&have->maxpfx, apply_maxpfx_prev.v[i]))
			erpolicy_strv_push(&next, apply_maxpfx_prev.v[i]);
	}
	erpolicy_strv_sort(&want->maxpfx_prev);
	for (size_t i = 0; i < want->maxpfx.n; i++)
		erpolicy_strv_push(&next, want->maxpfx.v[i]);
	erpolicy_strv_sort(&next);
	erpolicy_strv_free(&apply_maxpfx_prev);
	apply_maxpfx_prev = next;
}

/*
 * Hold back the re-creation of route-maps deleted while bound (above). Returns
 * how many ms until the first of them may go (0: none held).
 */
static int64_t rmaps_hold(struct erpolicy_diff *d, const struct erpolicy_state *want,
			  const struct erpolicy_state *have, unsigned int delay_s)
{
	struct erpolicy_strv names = {}, held = {};
	int64_t now = apply_now_ms(), wait = 0, *since;
	int64_t delay = (int64_t)delay_s * 1000 + ERPOLICY_RMAP_DELAY_MARGIN_MS;

	erpolicy_diff_bound_missing(want, have, &names);
	since = XCALLOC(MTYPE_TMP, sizeof(*since) * (names.n + 1));
	for (size_t i = 0; i < names.n; i++) {
		int64_t first = now, ready;

		for (size_t j = 0; j < rmap_missing.n; j++)
			if (strcmp(rmap_missing.v[j], names.v[i]) == 0)
				first = rmap_missing_since[j];
		since[i] = first;
		ready = (first > apply_last_rmap_push ? first : apply_last_rmap_push) + delay;
		ERPOLICY_DEBUG_APPLY("route-map %s deleted while bound: seen %lld ms ago, last push %lld ms ago, may go in %lld ms",
				     names.v[i], (long long)(now - first),
				     (long long)(now - apply_last_rmap_push),
				     (long long)(ready - now));
		if (now >= ready)
			continue;
		if (first == now)
			zlog_warn("expressroute-policy: route-map %s was deleted while bound: re-created after bgpd's route-map delay timer",
				  names.v[i]);
		erpolicy_strv_push(&held, names.v[i]);
		if (!wait || ready - now < wait)
			wait = ready - now;
	}
	erpolicy_strv_sort(&held);
	erpolicy_diff_hold_rmaps(d, &held);
	erpolicy_strv_free(&held);
	erpolicy_strv_free(&rmap_missing);
	XFREE(MTYPE_TMP, rmap_missing_since);
	rmap_missing = names;
	rmap_missing_since = since;
	return wait;
}

static void erpolicy_reconcile(struct event *t);

static void reconcile_again(unsigned long msec)
{
	event_cancel(&t_reconcile);
	event_add_timer_msec(apply_loop, erpolicy_reconcile, NULL, msec, &t_reconcile);
}

static int64_t cpu_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Pushes in a row that did not converge are retried this often; a busy mgmtd too. */
#define ERPOLICY_RETRY_MS 1000
#define ERPOLICY_BUSY_MS  500
/* A push is confirmed (the configurations read back) this soon after it. */
#define ERPOLICY_CONFIRM_MS 10
/* While a route-map is held back, looked at again at least this often. */
#define ERPOLICY_HOLD_POLL_MS 500

static void instances_set_state(enum erpolicy_apply_state st, const char *reason)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
		instance_set_state(inst, st, reason);
}

/*
 * "bgpd is not reachable[: why]": c->err says more when the daemon is there but
 * does not answer properly.
 */
static const char *unreachable_reason(const char *daemon, const struct erpolicy_vtyconn *c,
				      char *buf, size_t len)
{
	snprintf(buf, len, "%s is not reachable%s%s", daemon, c->err[0] ? ": " : "", c->err);
	return buf;
}

/* A daemon's running configuration on an enabled connection; NULL on failure. */
static char *daemon_running(struct erpolicy_vtyconn *c)
{
	char *text = NULL;

	if (c->fd < 0)
		return NULL;
	if (erpolicy_vtyconn_cmd(c, "show running-config", &text) != CMD_SUCCESS) {
		if (c->fd >= 0 && !c->err[0])
			snprintf(c->err, sizeof(c->err), "refused \"show running-config\"");
		XFREE(MTYPE_TMP, text);
		erpolicy_vtyconn_close(c);
	}
	return text;
}

/* The cheap question (FRR patch 0005); v zeroed (unknown) without an answer. */
static void daemon_version(struct erpolicy_vtyconn *c, struct erpolicy_cfgver *v)
{
	char *text = NULL;

	memset(v, 0, sizeof(*v));
	if (c->fd >= 0 &&
	    erpolicy_vtyconn_cmd(c, "show configuration version json", &text) == CMD_SUCCESS)
		(void)erpolicy_cfgver_parse(text, v);
	XFREE(MTYPE_TMP, text);
}

/* Count the drift this push repairs, per instance it touches, and log it. */
static void count_repairs(const struct erpolicy_diff *diff)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		if (!diff_touches_vrf(diff, inst->vrf) || instance_waits_for_bgp(inst))
			continue;
		/* Converged before and the intent is unchanged: drift, or a daemon back without them. */
		if (inst->converged &&
		    (inst->apply_state == ERPOLICY_APPLY_APPLIED ||
		     inst->apply_state == ERPOLICY_APPLY_WAITING) &&
		    !diff_is_pickup(inst, diff)) {
			inst->drift_repairs++;
			log_changes(inst->vrf, diff,
				    inst->apply_state == ERPOLICY_APPLY_WAITING
					    ? "missing after a daemon restart"
					    : "changed behind erpolicyd's back");
		}
	}
}

/* After a push: each instance it touched is pending, failed or waiting. */
static void pushed_set_state(const struct erpolicy_diff *diff, bool failed, bool busy,
			     int64_t held_ms, const char *errbuf)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		const char *why = "pushed, to be confirmed";

		if (!diff_touches_vrf(diff, inst->vrf) || instance_waits_for_bgp(inst))
			continue;
		if (failed)
			why = errbuf;
		else if (held_ms)
			why = "a route-map deleted while bound is re-created after bgpd's route-map delay timer";
		inst->applies++;
		inst->last_apply = time(NULL);
		if (busy)
			instance_set_state(inst, ERPOLICY_APPLY_WAITING, errbuf);
		else
			instance_set_state(inst,
					   failed ? ERPOLICY_APPLY_FAILED : ERPOLICY_APPLY_PENDING,
					   why);
	}
}

/* want: each instance's plan, or what the daemons have of it while it waits for router bgp. */
static void want_from_plans(struct erpolicy_state *want, const struct erpolicy_state *have)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst)) {
		unsigned long asn = 0;
		char key[80];
		size_t klen = snprintf(key, sizeof(key), "%s\t", inst->vrf);

		for (size_t i = 0; i < have->asn.n; i++)
			if (strncmp(have->asn.v[i], key, klen) == 0)
				asn = strtoul(have->asn.v[i] + klen, NULL, 10);
		inst->bgp_asn = asn;
		if (instance_waits_for_bgp(inst)) {
			instance_set_bgp_waiting(inst);
			want_keep_vrf(want, have, inst->vrf);
		} else if (inst->plan)
			erpolicy_state_add_plan(want, inst->plan);
	}
	erpolicy_state_finish(want);
}

/*
 * What bgpd and mgmtd held at the end of the last full pass that found nothing
 * to do, as long as that is still true: nobody has configured them since (their
 * versions are those read before it) and erpolicyd has pushed nothing since.
 * A change of the intent is then pushed from the difference between the new
 * plans and this, without reading any running configuration first; the pass
 * that confirms the push reads them.
 */
static struct erpolicy_state apply_have;
static bool apply_have_valid;
static unsigned int apply_have_rmap_delay;

static void have_cache_drop(void)
{
	if (apply_have_valid)
		erpolicy_state_free(&apply_have);
	apply_have_valid = false;
}

/* Read what bgpd, mgmtd and zebra hold into have. -1 (every VRF waiting) if unreachable. */
static int read_have(struct erpolicy_vtyconn conn[], struct erpolicy_state *have,
		     unsigned int *rmap_delay)
{
	struct erpolicy_vtyconn *bgpd = &conn[APPLY_BGPD], *mgmtd = &conn[APPLY_MGMTD];
	char *bgpd_text, *mgmtd_text, *zebra_text;
	char errbuf[400];

	bgpd_text = daemon_running(bgpd);
	mgmtd_text = daemon_running(mgmtd);
	if (!bgpd_text || !mgmtd_text) {
		const struct erpolicy_vtyconn *c = !bgpd_text ? bgpd : mgmtd;

		instances_set_state(ERPOLICY_APPLY_WAITING,
				    unreachable_reason(c->daemon, c, errbuf, sizeof(errbuf)));
		XFREE(MTYPE_TMP, bgpd_text);
		XFREE(MTYPE_TMP, mgmtd_text);
		apply_force = true;
		return -1;
	}
	erpolicy_state_init(have);
	erpolicy_state_parse_bgpd(have, bgpd_text);
	erpolicy_state_parse_mgmtd(have, mgmtd_text);
	erpolicy_state_finish(have);
	*rmap_delay = erpolicy_bgpd_rmap_delay(bgpd_text);
	zebra_text = daemon_running(&conn[APPLY_ZEBRA]);
	mgmtd_remove_copies(mgmtd, mgmtd_text, zebra_text);
	XFREE(MTYPE_TMP, zebra_text);
	XFREE(MTYPE_TMP, bgpd_text);
	XFREE(MTYPE_TMP, mgmtd_text);
	return 0;
}

/* Whether bgpd was configured since its version was asked before the read. */
static bool bgpd_changed(struct erpolicy_vtyconn *bgpd)
{
	struct erpolicy_cfgver v;

	daemon_version(bgpd, &v);
	return v.generation && !erpolicy_cfgver_same(&apply_daemons[APPLY_BGPD].read, &v);
}

/*
 * The full pass: read what bgpd, mgmtd and zebra hold (or, with cached, take
 * apply_have), compare with the plans, push the difference (objects and
 * bindings in one push), record each instance's state. Returns how many ms
 * until the next pass must run (0: the daemons hold the plans, nothing to look
 * at again unless something changes).
 */
static unsigned long reconcile_full(struct erpolicy_vtyconn conn[], bool cached)
{
	struct erpolicy_vtyconn *bgpd = &conn[APPLY_BGPD], *mgmtd = &conn[APPLY_MGMTD];
	struct erpolicy_state want, fresh = {}, *have = cached ? &apply_have : &fresh;
	struct erpolicy_diff diff;
	char errbuf[1024] = "";
	bool failed = false, busy = false, pushed, stale = false;
	unsigned long next = 0;
	unsigned int rmap_delay = apply_have_rmap_delay;
	int64_t held_ms;

	if (!cached) {
		have_cache_drop();
		if (read_have(conn, &fresh, &rmap_delay))
			return ERPOLICY_BUSY_MS;
	}
	erpolicy_state_init(&want);
	want_from_plans(&want, have);
	/* After the plans are in want: the pins it wants that zebra lacks. */
	if (!cached)
		pins_resync(mgmtd, &conn[APPLY_ZEBRA], &want, have);
	maxpfx_prev_into(&want, have);
	erpolicy_diff_compute(&diff, &want, have);
	held_ms = rmaps_hold(&diff, &want, have, rmap_delay);
	pushed = !erpolicy_diff_empty(&diff) || held_ms;

	if (pushed && (diff.bgpd_bindings.n || diff.bgpd_removals.n) && bgpd_changed(bgpd)) {
		/*
		 * Someone configured bgpd after this pass asked its version: what was
		 * read may be out of date (an operator's `neighbor X route-map Y in`
		 * arriving while vtysh -b loads, say), and a binding pushed on it could
		 * overwrite theirs. Nothing is pushed; the next pass reads again.
		 */
		ERPOLICY_DEBUG_APPLY(
			"bgpd's configuration changed during the pass: reading it again");
		for (struct erpolicy_instance *inst = erpolicy_instance_first(); inst;
		     inst = erpolicy_instance_next(inst))
			if (diff_touches_vrf(&diff, inst->vrf) && !instance_waits_for_bgp(inst))
				instance_set_state(inst, ERPOLICY_APPLY_PENDING,
						   "bgpd's configuration changed while it was read: reading it again");
		stale = true;
	} else if (pushed) {
		count_repairs(&diff);
		if (diff.bgpd_objects.n || diff.bgpd_removals.n)
			apply_last_rmap_push = apply_now_ms();
		if ((diff.bgpd_objects.n || diff.bgpd_bindings.n || diff.bgpd_removals.n) &&
		    push_bgpd(bgpd, &diff, errbuf, sizeof(errbuf)))
			failed = true;
		if (!failed && diff.mgmtd.n) {
			int rc = push_mgmtd(mgmtd, &diff, errbuf, sizeof(errbuf));

			busy = rc > 0;
			failed = rc < 0;
		}
		pushed_set_state(&diff, failed, busy, held_ms, errbuf);
		if (failed)
			zlog_warn("expressroute-policy: apply failed: %s", errbuf);
		hook_call(erpolicy_apply_pushed);
	} else {
		struct erpolicy_instance *inst;

		for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
			if (!instance_waits_for_bgp(inst))
				instance_set_state(inst, ERPOLICY_APPLY_APPLIED, NULL);
	}
	/* After count_repairs: a binding of a neighbor warned about until now is no drift. */
	instance_set_warnings(&diff);
	erpolicy_diff_free(&diff);
	erpolicy_state_free(&want);
	/* Kept while it is what the daemons hold: read, nothing pushed, nothing tracked. */
	if (cached && (pushed || stale)) {
		have_cache_drop();
	} else if (!cached) {
		if (!pushed && !stale && !pins_missing.n) {
			apply_have = fresh;
			apply_have_valid = true;
			apply_have_rmap_delay = rmap_delay;
		} else {
			erpolicy_state_free(&fresh);
		}
	}
	if (stale)
		return ERPOLICY_CONFIRM_MS;

	if (failed)
		next = ERPOLICY_RETRY_MS;
	else if (busy)
		next = ERPOLICY_BUSY_MS;
	else if (held_ms) {
		/* Route-maps held back: look again when the first may go. */
		apply_unconverged = 0;
		return (unsigned long)MIN(held_ms, ERPOLICY_HOLD_POLL_MS);
	}
	/* Confirm a push at once. */
	for (struct erpolicy_instance *inst = erpolicy_instance_first(); inst;
	     inst = erpolicy_instance_next(inst)) {
		if (inst->apply_state != ERPOLICY_APPLY_PENDING)
			continue;
		if (++apply_unconverged < ERPOLICY_UNCONVERGED_MAX)
			return ERPOLICY_CONFIRM_MS;
		instance_set_state(inst, ERPOLICY_APPLY_FAILED,
				   "the daemons do not hold what was pushed");
		zlog_warn("expressroute-policy vrf %s: %d pushes did not converge", inst->vrf,
			  ERPOLICY_UNCONVERGED_MAX);
		next = ERPOLICY_RETRY_MS;
	}
	apply_unconverged = 0;
	return next;
}

/* Whether the last full pass left every VRF applied (or waiting for its router bgp). */
static bool instances_applied(void)
{
	struct erpolicy_instance *inst;

	for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
		if (inst->apply_state != ERPOLICY_APPLY_APPLIED && !instance_waits_for_bgp(inst))
			return false;
	return true;
}

/* Why a pass waits, for the VRFs' reason. */
static const char *wait_reason(const struct erpolicy_pass_out *out,
			       const struct erpolicy_vtyconn conn[], char *buf, size_t len)
{
	/* out->daemon names the daemon of the two daemon waits only (-1 otherwise). */
	switch (out->step) {
	case ERPOLICY_PASS_WAIT_OWN_LOAD:
		return "erpolicyd's configuration is being loaded";
	case ERPOLICY_PASS_WAIT_UNREACHABLE:
		return unreachable_reason(apply_daemons[out->daemon].name, &conn[out->daemon], buf,
					  len);
	case ERPOLICY_PASS_WAIT_LOAD:
		snprintf(buf, len,
			 out->just_started ? "%s has just started: waiting for its configuration"
					   : "%s is loading its configuration",
			 apply_daemons[out->daemon].name);
		return buf;
	case ERPOLICY_PASS_STEADY:
	case ERPOLICY_PASS_FULL:
		break;
	}
	return "";
}

static void erpolicy_reconcile(struct event *t)
{
	int64_t cpu_start = cpu_now_us();
	struct erpolicy_vtyconn *conn = apply_conn;
	struct erpolicy_pass_in in = {
		.now_ms = apply_now_ms(),
		.own_loading = apply_loading,
		.force = apply_force,
		.tracking = pins_missing.n || rmap_missing.n,
		.applied = instances_applied(),
		.full_last_ms = apply_full_last,
		.full_not_before_ms = apply_full_not_before,
	};
	struct erpolicy_pass_out out;
	char waitbuf[400];
	unsigned long next = ERPOLICY_RECONCILE_INTERVAL_MS;

	in.own_loading_ms = in.now_ms - apply_loading_since;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++) {
		struct apply_daemon_state *ds = &apply_daemons[d];

		memset(&in.d[d].now, 0, sizeof(in.d[d].now));
		if (!apply_loading) {
			/* A session kept from the last pass first; a new one if it broke. */
			if (conn[d].fd >= 0)
				daemon_version(&conn[d], &in.d[d].now);
			if (conn[d].fd < 0 && erpolicy_vtyconn_enable(&conn[d], ds->name) == 0)
				daemon_version(&conn[d], &in.d[d].now);
		}
		in.d[d].reachable = conn[d].fd >= 0;
		in.d[d].read = ds->read;
		if (in.d[d].now.generation && in.d[d].now.generation != ds->generation) {
			ds->generation = in.d[d].now.generation;
			ds->since = in.now_ms;
		}
		in.d[d].since_ms = ds->since;
	}
	erpolicy_pass_decide(&in, &out);
	/* Logged when it changes, or for a full pass (a steady router passes 10 times a second). */
	if (out.step != apply_last_step || out.step == ERPOLICY_PASS_FULL)
		ERPOLICY_DEBUG_APPLY("pass: %s%s", erpolicy_pass_step_name(out.step),
				     out.changed ? " (a daemon's configuration changed)" : "");
	apply_last_step = out.step;

	switch (out.step) {
	case ERPOLICY_PASS_WAIT_OWN_LOAD:
		apply_loading = in.own_loading_ms < ERPOLICY_LOAD_MAX_MS;
		fallthrough;
	case ERPOLICY_PASS_WAIT_UNREACHABLE:
	case ERPOLICY_PASS_WAIT_LOAD:
		instances_set_state(ERPOLICY_APPLY_WAITING,
				    wait_reason(&out, conn, waitbuf, sizeof(waitbuf)));
		/* Whatever the daemons hold afterwards is read afresh. */
		apply_force = true;
		have_cache_drop();
		next = out.step == ERPOLICY_PASS_WAIT_UNREACHABLE ? ERPOLICY_BUSY_MS
								  : ERPOLICY_LOAD_POLL_MS;
		break;
	case ERPOLICY_PASS_STEADY:
		break;
	case ERPOLICY_PASS_FULL: {
		/*
		 * The intent changed, and nobody has configured the daemons since the
		 * cache was read: push without reading. (A full pass for any other
		 * reason reads: that is what it is for.)
		 */
		bool cached = apply_have_valid && in.force;

		for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
			if (!erpolicy_cfgver_same(&apply_daemons[d].read, &in.d[d].now))
				cached = false;
		apply_force = false;
		for (size_t d = 0; d < APPLY_DAEMON_MAX; d++) {
			apply_daemons[d].read = in.d[d].now;
			/*
			 * Read and push on fresh sessions: one kept for the cheap checks
			 * would not notice the daemon's socket replaced under the same
			 * name.
			 */
			erpolicy_vtyconn_close(&conn[d]);
			(void)erpolicy_vtyconn_enable(&conn[d], apply_daemons[d].name);
		}
		next = reconcile_full(conn, cached);
		apply_full_last = apply_now_ms();
		/*
		 * The next full pass no sooner than asked for, and one caused by
		 * others' changes no sooner than ERPOLICY_RECONCILE_CPU_SHARE times
		 * this one's CPU time.
		 */
		apply_full_not_before =
			apply_full_last +
			(next ? (int64_t)next
			      : (cpu_now_us() - cpu_start) * ERPOLICY_RECONCILE_CPU_SHARE / 1000);
		if (!next)
			next = ERPOLICY_RECONCILE_INTERVAL_MS;
		break;
	}
	}
	/* The sessions stay open for the next pass (a daemon pays for each new vty). */
	reconcile_again(next);
}

static void erpolicy_apply_config_start(struct vty *vty)
{
	apply_loading = true;
	apply_loading_since = apply_now_ms();
}

static void erpolicy_apply_config_end(struct vty *vty)
{
	apply_loading = false;
	erpolicy_apply_schedule();
}

void erpolicy_apply_schedule(void)
{
	if (!apply_started && !erpolicy_instance_first())
		return;
	apply_started = true;
	apply_unconverged = 0;
	apply_force = true;
	reconcile_again(0);
}

static int apply_plan_changed(struct erpolicy_instance *inst)
{
	erpolicy_apply_schedule();
	return 0;
}

static void erpolicy_apply_grace(struct event *t)
{
	apply_started = true;
	reconcile_again(0);
}

void erpolicy_apply_init(struct event_loop *loop, const char *vtydir)
{
	apply_loop = loop;
	erpolicy_vtyconn_init(vtydir);
	cmd_init_config_callbacks(erpolicy_apply_config_start, erpolicy_apply_config_end);
	hook_register(erpolicy_instance_plan_changed, apply_plan_changed);
	event_add_timer_msec(apply_loop, erpolicy_apply_grace, NULL, ERPOLICY_STARTUP_GRACE_MS,
			     &t_reconcile);
}

void erpolicy_apply_fini(void)
{
	event_cancel(&t_reconcile);
	erpolicy_strv_free(&apply_maxpfx_prev);
	erpolicy_strv_free(&pins_missing);
	XFREE(MTYPE_TMP, pins_missing_since);
	erpolicy_strv_free(&rmap_missing);
	XFREE(MTYPE_TMP, rmap_missing_since);
	have_cache_drop();
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		erpolicy_vtyconn_close(&apply_conn[d]);
}
