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
#include "darr.h"

#include "erpolicy_memory.h"
#include "erpolicy_apply.h"
#include "erpolicy_vtyq.h"
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
	/* Its last answer, and when it was asked (zebra is not asked every pass). */
	struct erpolicy_cfgver last;
	bool reachable;
	int64_t asked;
} apply_daemons[APPLY_DAEMON_MAX] = {
	[APPLY_BGPD] = { .name = "bgpd" },
	[APPLY_MGMTD] = { .name = "mgmtd" },
	[APPLY_ZEBRA] = { .name = "zebra" },
};
static enum erpolicy_pass_step apply_last_step = ERPOLICY_PASS_FULL;
/* A vty session to each, kept from pass to pass (closed when it fails). */
static struct erpolicy_vtyq *apply_q[APPLY_DAEMON_MAX];
/* The intent changed (or a daemon connection was lost): the next pass reads everything. */
static bool apply_force = true;
/* When the last full pass ended, and the earliest the next may start unless forced. */
static int64_t apply_full_last, apply_full_not_before, apply_full_paced;

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
static char **rmap_missing;	     /* names, as first seen missing */
static int64_t *rmap_missing_since;  /* monotonic ms, per name */
static int64_t apply_last_rmap_push; /* our last push of route-maps or lists */
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
 * A script: commands to one daemon, sent one after the other on its session
 * (erpolicy_vtyq), and what came of them. Each command is of a kind:
 *   ENTER  must succeed ("configure terminal", "XFRR_start_configuration"), or
 *          nothing more is sent and the script fails;
 *   LINE   a configuration line: a rejected one fails the script. With batch
 *          (one northbound transaction, XFRR_start/end_configuration, the way
 *          vtysh loads a file) its error can arrive on a later reply with rc 0,
 *          so every reply is checked for it and the lines go on; without, the
 *          lines stop at the first rejected one;
 *   LEAVE  sent whatever came of the lines ("end"), not checked;
 *   AFTER  sent only when everything before succeeded, not checked.
 * A lost session ends the script. Every script runs in the configuration node:
 * its first command is "configure terminal" (script_new), an ENTER that waits
 * the usual time, as a batch's commit has not begun.
 *
 * A batch's lines are pipelined (erpolicy_vtyq_cmd_pipelined), up to
 * SCRIPT_PIPELINE_DEPTH of them sent ahead of their replies: they go on
 * whatever a reply says, and a line costs bgpd microseconds, so waiting for
 * each reply would leave bgpd idle for a round trip per line. They are bgpd's
 * prefix-list, route-map and router bgp lines and the XFRR markers: none
 * passes a file descriptor, suspends the session or waits for mgmtd, which
 * the pipelining rules out. Every other command is sent alone, when the
 * replies to all before it are in: an ENTER's outcome decides what follows.
 * Nothing is skipped while lines are outstanding, so the commands awaiting
 * replies are the inflight ones just before next, answered in that order
 * (script_awaited).
 */
#define SCRIPT_PIPELINE_DEPTH 128

enum script_kind {
	SCRIPT_ENTER,
	SCRIPT_LINE,
	SCRIPT_LEAVE,
	SCRIPT_AFTER,
};

struct script_cmd {
	const char *cmd; /* borrowed (script_add) or in owned (script_addf) */
	uint8_t kind;
	bool batch; /* waits as long as a batch's commit may take */
};

struct apply_script {
	struct erpolicy_vtyq *q;
	struct script_cmd *cmds;
	size_t n, cap, next;
	size_t inflight; /* commands sent, their replies awaited: those just before next */
	char **owned;
	bool batch, skip_lines, ended;
	int ret; /* 0, or -1 with errbuf */
	char errbuf[1024];
	void (*done)(struct apply_script *s);
};

static struct apply_script *script_new(struct erpolicy_vtyq *q, bool batch,
				       void (*done)(struct apply_script *s))
{
	struct apply_script *s = XCALLOC(MTYPE_TMP, sizeof(*s));

	s->q = q;
	s->batch = batch;
	s->done = done;
	s->cmds = XCALLOC(MTYPE_TMP, 16 * sizeof(*s->cmds));
	s->cap = 16;
	s->cmds[s->n++] = (struct script_cmd){ .cmd = "configure terminal", .kind = SCRIPT_ENTER };
	return s;
}

static void script_free(struct apply_script *s)
{
	XFREE(MTYPE_TMP, s->cmds);
	erpolicy_strs_free(s->owned);
	XFREE(MTYPE_TMP, s);
}

/* Add cmd, which must outlive the script. */
static void script_add(struct apply_script *s, const char *cmd, enum script_kind kind)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->cmds = XREALLOC(MTYPE_TMP, s->cmds, s->cap * sizeof(*s->cmds));
	}
	s->cmds[s->n++] = (struct script_cmd){
		.cmd = cmd,
		.kind = kind,
		.batch = s->batch && (kind == SCRIPT_ENTER || kind == SCRIPT_LINE),
	};
}

static void script_addf(struct apply_script *s, enum script_kind kind, const char *fmt, ...)
	PRINTFRR(3, 4);

static void script_addf(struct apply_script *s, enum script_kind kind, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	erpolicy_strs_push(s->owned, buf);
	script_add(s, s->owned[darr_len(s->owned) - 1], kind);
}

static void script_send_next(struct apply_script *s);

/* The index of the command the next reply answers (inflight > 0). */
static size_t script_awaited(const struct apply_script *s)
{
	return s->next - s->inflight;
}

static void script_reply(void *arg, int rc, char *reply, const char *err)
{
	struct apply_script *s = arg;
	const size_t cur = script_awaited(s);
	const struct script_cmd *c = &s->cmds[cur];
	const char *dname = erpolicy_vtyq_daemon(s->q);

	switch (c->kind) {
	case SCRIPT_ENTER:
		if (rc != CMD_SUCCESS) {
			snprintf(s->errbuf, sizeof(s->errbuf), "%s: %s refused", dname, c->cmd);
			s->ret = -1;
			/*
			 * "configure terminal" (the first) refused: nothing more. Refused
			 * in the configuration node: leave it.
			 */
			s->skip_lines = true;
			s->ended = cur == 0;
		}
		break;
	case SCRIPT_LINE:
		if (rc < 0) {
			snprintf(s->errbuf, sizeof(s->errbuf), "%s: connection lost at \"%s\": %s",
				 dname, c->cmd, err);
			s->ret = -1;
			break;
		}
		if ((rc != CMD_SUCCESS && rc != CMD_SUCCESS_DAEMON) ||
		    (reply && strstr(reply, "% Configuration failed"))) {
			char *nl;

			if (reply) {
				while ((nl = strchr(reply, '\n')))
					*nl = ' ';
			}
			snprintf(s->errbuf, sizeof(s->errbuf), "%s rejected \"%s\" (rc %d): %s",
				 dname, c->cmd, rc, reply ? reply : "");
			s->ret = -1;
			if (!s->batch)
				s->skip_lines = true;
		}
		break;
	case SCRIPT_LEAVE:
	case SCRIPT_AFTER:
		break;
	}
	if (rc < 0)
		s->ended = true;
	XFREE(MTYPE_TMP, reply);
	s->inflight--;
	script_send_next(s);
}

static bool script_pipelined(const struct apply_script *s, const struct script_cmd *c)
{
	return s->batch && c->kind == SCRIPT_LINE;
}

/*
 * Send the commands that are due: the next alone, or pipelined lines behind
 * pipelined lines; at the end, when every reply is in, call done (which
 * frees s).
 */
static void script_send_next(struct apply_script *s)
{
	while (!s->ended && s->next < s->n) {
		const struct script_cmd *c = &s->cmds[s->next];
		bool pipelined = script_pipelined(s, c);
		unsigned int reply_ms = c->batch ? ERPOLICY_BATCH_REPLY_MS : 0;

		/* behind commands in flight: a pipelined line behind pipelined lines only */
		if (s->inflight && !(pipelined && script_pipelined(s, &s->cmds[s->next - 1]) &&
				     s->inflight < SCRIPT_PIPELINE_DEPTH))
			return;
		s->next++;
		if ((c->kind == SCRIPT_LINE && s->skip_lines) ||
		    (c->kind == SCRIPT_ENTER && s->skip_lines) ||
		    (c->kind == SCRIPT_AFTER && s->ret))
			continue;
		s->inflight++;
		if (c->kind == SCRIPT_ENTER || c->kind == SCRIPT_LINE)
			ERPOLICY_DEBUG_APPLY("%s <- %s", erpolicy_vtyq_daemon(s->q), c->cmd);
		if (pipelined)
			erpolicy_vtyq_cmd_pipelined(s->q, c->cmd, reply_ms, script_reply, s);
		else
			erpolicy_vtyq_cmd(s->q, c->cmd, reply_ms, script_reply, s);
	}
	if (!s->inflight)
		s->done(s);
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

/*
 * Objects, bindings and removals in one push, in that order (each part ends at
 * the top level), one commit when large; then the refresh of the neighbors
 * rebound. The lines are the diff's: it must outlive the script.
 */
static struct apply_script *script_bgpd_push(struct erpolicy_vtyq *q, const struct erpolicy_diff *d,
					     void (*done)(struct apply_script *s))
{
	char *const *parts[] = { d->bgpd_objects, d->bgpd_bindings, d->bgpd_removals };
	/*
	 * Only the prefix-list and route-map lines (northbound commits) cost bgpd in
	 * proportion to all it holds; the bindings are classic commands, cheap one
	 * by one: they do not make a push a batch.
	 */
	size_t nb_lines = darr_len(d->bgpd_objects) + darr_len(d->bgpd_removals);
	bool batch = nb_lines >= ERPOLICY_BGPD_BATCH_MIN_LINES && !bgpd_batch_failed;
	struct apply_script *s = script_new(q, batch, done);

	if (batch) {
		ERPOLICY_DEBUG_APPLY("bgpd <- XFRR_start_configuration (%zu lines)",
				     nb_lines + darr_len(d->bgpd_bindings));
		script_add(s, "XFRR_start_configuration", SCRIPT_ENTER);
	}
	for (size_t p = 0; p < array_size(parts); p++)
		for (size_t i = 0; i < darr_len(parts[p]); i++)
			script_add(s, parts[p][i], SCRIPT_LINE);
	if (batch)
		script_add(s, "XFRR_end_configuration", SCRIPT_LINE);
	script_add(s, "end", SCRIPT_LEAVE);

	/* bgpd would apply the change only after its route-map delay timer. */
	for (size_t i = 0; i < darr_len(d->refresh); i++) {
		const struct erpolicy_refresh *r = &d->refresh[i];
		const char *afi = r->afi == ERPOLICY_AFI_V6 ? "ipv6" : "ipv4";
		char nbr[64];

		erpolicy_prefix_str(&r->nbr, true, nbr, sizeof(nbr));
		if (strcmp(r->vrf, ERPOLICY_VRF_DEFAULT) == 0)
			script_addf(s, SCRIPT_AFTER, "clear bgp %s unicast %s soft", afi, nbr);
		else
			script_addf(s, SCRIPT_AFTER, "clear bgp vrf %s %s unicast %s soft", r->vrf,
				    afi, nbr);
	}
	return s;
}

/* After a bgpd push: a failed batch goes line by line next time. */
static void bgpd_push_outcome(const struct apply_script *s)
{
	if (s->batch || !s->ret)
		bgpd_batch_failed = s->batch && s->ret;
}

/*
 * mgmtd: one command, one commit, as an operator types them. Not as a
 * file-locked XFRR batch: seen in FRR 10.3, a batch committed as the daemons
 * started reached mgmtd's running configuration but not staticd, and once made
 * mgmtd abort (tools/frr-patches/0003). While another session holds the
 * datastores (vtysh -b loading frr.conf after a restart), mgmtd refuses the
 * command without touching the candidate that session is filling: nothing
 * more is sent then (mgmtd_busy says so). With copy, the lines are copied
 * (else they must outlive the script).
 */
static struct apply_script *script_mgmtd(struct erpolicy_vtyq *q, char *const *lines, bool copy,
					 void (*done)(struct apply_script *s))
{
	struct apply_script *s = script_new(q, false, done);

	for (size_t i = 0; i < darr_len(lines); i++) {
		if (copy)
			script_addf(s, SCRIPT_LINE, "%s", lines[i]);
		else
			script_add(s, lines[i], SCRIPT_LINE);
	}
	script_add(s, "end", SCRIPT_LEAVE);
	return s;
}

static bool mgmtd_busy(struct apply_script *s)
{
	if (s->ret && strstr(s->errbuf, "could not lock")) {
		snprintf(s->errbuf, sizeof(s->errbuf),
			 "mgmtd's configuration is locked by another session");
		return true;
	}
	return false;
}

/* A cleanup's script (or none) ended: its failure only logged. */
static void script_cleanup_end(struct apply_script *s)
{
	if (!s)
		return;
	if (s->ret)
		ERPOLICY_DEBUG_APPLY("mgmtd: %s", s->errbuf);
	script_free(s);
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
		char **now = NULL;

		for (size_t i = 0; i < darr_len(d->warnings); i++) {
			const struct erpolicy_warning *w = &d->warnings[i];

			if (strcmp(w->vrf, inst->vrf) != 0)
				continue;
			erpolicy_strs_push(now, w->msg);
			if (!erpolicy_strs_has(inst->warnings, w->msg))
				zlog_warn("expressroute-policy vrf %s: %s", inst->vrf, w->msg);
		}
		erpolicy_strs_sort(now);
		erpolicy_strs_free(inst->warnings);
		inst->warnings = now;
	}
}

static bool diff_touches_vrf(const struct erpolicy_diff *d, const char *vrf)
{
	if (erpolicy_strs_has(d->vrfs, vrf))
		return true;
	for (size_t i = 0; i < darr_len(d->mgmtd); i++) {
		const char *v = strstr(d->mgmtd[i], " vrf ");

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
	if (darr_len(d->bgpd_objects) || darr_len(d->bgpd_removals) || darr_len(d->mgmtd) ||
	    !darr_len(d->bgpd_bindings))
		return false;
	for (size_t i = 0; i < darr_len(d->bgpd_bindings); i++) {
		char nbr[140], word[160];
		bool warned = false;

		if (sscanf(d->bgpd_bindings[i], "  neighbor %127s", nbr) != 1)
			continue; /* context lines */
		snprintf(word, sizeof(word), "neighbor %s ", nbr);
		for (size_t w = 0; w < darr_len(inst->warnings); w++)
			if (strstr(inst->warnings[w], word))
				warned = true;
		if (!warned)
			return false;
	}
	return true;
}

static void log_changes(const char *vrf, const struct erpolicy_diff *d, const char *why)
{
	char *const *parts[] = { d->bgpd_objects, d->bgpd_bindings, d->bgpd_removals, d->mgmtd };

	for (size_t p = 0; p < array_size(parts); p++)
		for (size_t i = 0; i < darr_len(parts[p]); i++)
			zlog_warn("expressroute-policy vrf %s: restoring (%s): %s", vrf, why,
				  parts[p][i]);
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
static struct apply_script *mgmtd_remove_copies(struct erpolicy_vtyq *q, const char *mgmtd_text,
						const char *zebra_text,
						void (*done)(struct apply_script *s))
{
	struct erpolicy_state mg, zb;
	char **lines = NULL;
	struct apply_script *s = NULL;

	erpolicy_state_init(&mg);
	erpolicy_state_init(&zb);
	erpolicy_state_parse_bgpd(&mg, mgmtd_text);
	erpolicy_state_parse_bgpd(&zb, zebra_text);
	erpolicy_state_finish(&mg);
	erpolicy_state_finish(&zb);
	for (size_t i = 0; i < darr_len(zb.rmap); i++) {
		char header[256];

		snprintf(header, sizeof(header), "%s", zb.rmap[i]);
		header[strcspn(header, "\n")] = '\0';
		if (!erpolicy_strs_has(mg.rmap, zb.rmap[i])) {
			erpolicy_strs_push(lines, header);
			erpolicy_strs_push(lines, "exit");
		}
		erpolicy_strs_pushf(lines, "no %s", header);
	}
	for (size_t i = 0; i < darr_len(zb.plist); i++) {
		if (!erpolicy_strs_has(mg.plist, zb.plist[i]))
			erpolicy_strs_push(lines, zb.plist[i]);
		erpolicy_strs_pushf(lines, "no %s", zb.plist[i]);
	}
	for (size_t i = 0; i < darr_len(mg.rmap); i++) {
		char header[256];

		snprintf(header, sizeof(header), "%s", mg.rmap[i]);
		header[strcspn(header, "\n")] = '\0';
		erpolicy_strs_pushf(lines, "no %s", header);
	}
	for (size_t i = 0; i < darr_len(mg.plist); i++)
		erpolicy_strs_pushf(lines, "no %s", mg.plist[i]);
	if (darr_len(lines)) {
		ERPOLICY_DEBUG_APPLY("mgmtd: removing copies of owned objects (%zu lines)",
				     (size_t)darr_len(lines));
		s = script_mgmtd(q, lines, true, done);
	}
	erpolicy_strs_free(lines);
	erpolicy_state_free(&mg);
	erpolicy_state_free(&zb);
	return s;
}

/*
 * The command that asks zebra for the static route of a pin ("ip[v6] route P
 * NH tag 4242[ vrf X]"); false when not worth asking: the pin does not parse,
 * or its next hop does not resolve (staticd then rightly holds it back).
 */
static bool pin_query(const char *pin, char *cmd, size_t len)
{
	char fam[8], pfx[64], nh[64], vrf[40] = "default", err[64];
	const char *v = strstr(pin, " vrf ");
	union erpolicy_prefix nhp;

	if (sscanf(pin, "%7s route %63s %63s", fam, pfx, nh) != 3)
		return false;
	if (v)
		snprintf(vrf, sizeof(vrf), "%s", v + 5);
	if (erpolicy_prefix_parse(nh, true, &nhp, err, sizeof(err)) ||
	    !erpolicy_zebra_lookup(erpolicy_zebra_vrf(vrf), &nhp, false))
		return false;
	snprintf(cmd, len, "show %s route%s%s %s json", fam, v ? " vrf " : "", v ? vrf : "", pfx);
	return true;
}

/* Whether zebra's answer to pin_query holds the pin's route: 1 yes, 0 no, -1 unreadable. */
static int pin_in_zebra(const char *pin, const char *text)
{
	char fam[8], pfx[64], nh[64];
	json_object *js, *routes;
	int found = 0;

	if (sscanf(pin, "%7s route %63s %63s", fam, pfx, nh) != 3 || !text)
		return -1;
	js = json_tokener_parse(text);
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
static char **pins_missing;
static int64_t *pins_missing_since;

/*
 * Pins mgmtd holds that never reached zebra, although their next hop
 * resolves: seen in FRR 10.3 when the commit came as the daemons started (in
 * mgmtd's running configuration, never passed on to staticd). Sending them
 * again changes nothing in mgmtd, so one missing from zebra for
 * ERPOLICY_PIN_RESYNC_MS is removed from mgmtd and added again: that commit
 * reaches staticd. pins: the pins asked of zebra, found[i] its answer
 * (pin_in_zebra). Returns the script that sends them again, or NULL.
 */
static struct apply_script *pins_resync(struct erpolicy_vtyq *mq, char *const *pins,
					const int *found, void (*done)(struct apply_script *s))
{
	char **missing = NULL, **lines = NULL;
	int64_t *since, now = apply_now_ms();
	struct apply_script *s = NULL;

	since = XCALLOC(MTYPE_TMP, sizeof(*since) * (darr_len(pins) + 1));
	for (size_t i = 0; i < darr_len(pins); i++) {
		const char *pin = pins[i];
		int64_t first = now;

		if (found[i] != 0)
			continue;
		for (size_t j = 0; j < darr_len(pins_missing); j++)
			if (strcmp(pins_missing[j], pin) == 0)
				first = pins_missing_since[j];
		if (now - first >= ERPOLICY_PIN_RESYNC_MS) {
			/* Sent again: counted afresh from now. */
			erpolicy_strs_pushf(lines, "no %s", pin);
			erpolicy_strs_push(lines, pin);
			first = now;
		}
		since[darr_len(missing)] = first;
		erpolicy_strs_push(missing, pin);
	}
	if (darr_len(lines)) {
		zlog_warn("expressroute-policy: %zu pin route(s) in mgmtd did not reach zebra in %d s: sending them again",
			  (size_t)darr_len(lines) / 2, ERPOLICY_PIN_RESYNC_MS / 1000);
		s = script_mgmtd(mq, lines, true, done);
	}
	erpolicy_strs_free(pins_missing);
	XFREE(MTYPE_TMP, pins_missing_since);
	pins_missing = missing;
	pins_missing_since = since;
	erpolicy_strs_free(lines);
	return s;
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
	for (size_t i = 0; i < darr_len(have->plist); i++)
		if (owned_line_in_vrf(have->plist[i], false, vrf))
			erpolicy_strs_push(want->plist, have->plist[i]);
	for (size_t i = 0; i < darr_len(have->rmap); i++)
		if (owned_line_in_vrf(have->rmap[i], false, vrf))
			erpolicy_strs_push(want->rmap, have->rmap[i]);
	for (size_t i = 0; i < darr_len(have->pin); i++)
		if (owned_line_in_vrf(have->pin[i], true, vrf))
			erpolicy_strs_push(want->pin, have->pin[i]);
	for (size_t i = 0; i < darr_len(have->bind); i++)
		if (strcmp(have->bind[i].vrf, vrf) == 0)
			darr_push_mt(want->bind, have->bind[i], MTYPE_ERPOLICY_STATE);
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
static struct erpolicy_smaxpfx *apply_maxpfx_prev;

static void maxpfx_prev_into(struct erpolicy_state *want, const struct erpolicy_state *have)
{
	struct erpolicy_smaxpfx *next = NULL;

	for (size_t i = 0; i < darr_len(apply_maxpfx_prev); i++) {
		darr_push_mt(want->maxpfx_prev, apply_maxpfx_prev[i], MTYPE_ERPOLICY_STATE);
		if (erpolicy_state_has_maxpfx(have->maxpfx, &apply_maxpfx_prev[i]))
			darr_push_mt(next, apply_maxpfx_prev[i], MTYPE_ERPOLICY_STATE);
	}
	for (size_t i = 0; i < darr_len(want->maxpfx); i++)
		darr_push_mt(next, want->maxpfx[i], MTYPE_ERPOLICY_STATE);
	erpolicy_smaxpfx_sort(want->maxpfx_prev);
	erpolicy_smaxpfx_sort(next);
	darr_free(apply_maxpfx_prev);
	apply_maxpfx_prev = next;
}

/*
 * Hold back the re-creation of route-maps deleted while bound (above). Returns
 * how many ms until the first of them may go (0: none held).
 */
static int64_t rmaps_hold(struct erpolicy_diff *d, const struct erpolicy_state *want,
			  const struct erpolicy_state *have, unsigned int delay_s)
{
	char **names, **held = NULL;
	int64_t now = apply_now_ms(), wait = 0, *since;
	int64_t delay = (int64_t)delay_s * 1000 + ERPOLICY_RMAP_DELAY_MARGIN_MS;

	names = erpolicy_diff_bound_missing(want, have);
	since = XCALLOC(MTYPE_TMP, sizeof(*since) * (darr_len(names) + 1));
	for (size_t i = 0; i < darr_len(names); i++) {
		int64_t first = now, ready;

		for (size_t j = 0; j < darr_len(rmap_missing); j++)
			if (strcmp(rmap_missing[j], names[i]) == 0)
				first = rmap_missing_since[j];
		since[i] = first;
		ready = (first > apply_last_rmap_push ? first : apply_last_rmap_push) + delay;
		ERPOLICY_DEBUG_APPLY("route-map %s deleted while bound: seen %lld ms ago, last push %lld ms ago, may go in %lld ms",
				     names[i], (long long)(now - first),
				     (long long)(now - apply_last_rmap_push),
				     (long long)(ready - now));
		if (now >= ready)
			continue;
		if (first == now)
			zlog_warn("expressroute-policy: route-map %s was deleted while bound: re-created after bgpd's route-map delay timer",
				  names[i]);
		erpolicy_strs_push(held, names[i]);
		if (!wait || ready - now < wait)
			wait = ready - now;
	}
	erpolicy_strs_sort(held);
	erpolicy_diff_hold_rmaps(d, held);
	erpolicy_strs_free(held);
	erpolicy_strs_free(rmap_missing);
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
 * "bgpd is not reachable[: why]": the session's error says more when the
 * daemon is there but does not answer properly.
 */
static const char *unreachable_reason(const char *daemon, const struct erpolicy_vtyq *q, char *buf,
				      size_t len)
{
	const char *err = erpolicy_vtyq_err(q);

	snprintf(buf, len, "%s is not reachable%s%s", daemon, err[0] ? ": " : "", err);
	return buf;
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
		const struct erpolicy_svrf *v = erpolicy_state_vrf(have, inst->vrf);

		inst->bgp_asn = v && v->asn[0] ? strtoul(v->asn, NULL, 10) : 0;
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

/*
 * The pass in flight. A pass is a chain of steps on the event loop: each sends
 * its commands to the daemons' sessions (erpolicy_vtyq) and the replies'
 * callbacks take it on, so erpolicyd's own vty, the verifier and the probes run
 * while a pass waits on a daemon. One pass at a time: one asked for meanwhile
 * runs when it ends.
 *
 *   pass_start     ask each daemon `show configuration version json`
 *   pass_decide    erpolicy_pass_decide(): wait, steady, or full
 *   pass_read      (full) read the running configurations
 *   pass_readback  parse them; remove copies of owned objects from mgmtd
 *   pass_pins      ask zebra for the pins mgmtd holds; send missing ones again
 *   pass_compute   the plans against what is held: the diff
 *   pass_recheck   (bindings to push) ask bgpd's version again
 *   pass_push      push to bgpd, then mgmtd
 *   pass_end       record the states, schedule the next pass
 */
static struct apply_pass {
	bool running, again;
	unsigned int pending; /* replies the current step waits for */
	int64_t cpu_start;
	struct erpolicy_pass_in in;
	struct erpolicy_pass_out out;
	bool cached; /* pushed from apply_have, nothing read */
	char *text[APPLY_DAEMON_MAX];
	struct erpolicy_state fresh, want;
	bool fresh_valid, want_valid, diff_valid;
	struct erpolicy_diff diff;
	unsigned int rmap_delay;
	int64_t held_ms;
	bool pushed, stale, failed, busy;
	char errbuf[1024];
	char **pins; /* asked of zebra */
	int *pin_found;
	int64_t full_start_ms, push_start_ms;
} pass;

static struct erpolicy_apply_stats apply_stats;

const struct erpolicy_apply_stats *erpolicy_apply_stats(void)
{
	return &apply_stats;
}

static void pass_end(unsigned long next);
static void pass_full_end(void);
static void pass_full_done(unsigned long next);
static void pass_compute(void);
static void pass_pins(void);
static void pass_read(void);
static void pass_readback(void);
static void pass_push(void);
static void pass_recheck_reply(void *arg, int rc, char *text, const char *err);

static struct erpolicy_state *pass_have(void)
{
	return pass.cached ? &apply_have : &pass.fresh;
}

/* What the plans want, against what the daemons hold (have), into pass.want. */
static void pass_want(const struct erpolicy_state *have)
{
	erpolicy_state_init(&pass.want);
	pass.want_valid = true;
	want_from_plans(&pass.want, have);
}

/* Free what the last full pass held. */
static void pass_free(void)
{
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		XFREE(MTYPE_TMP, pass.text[d]);
	if (pass.fresh_valid)
		erpolicy_state_free(&pass.fresh);
	if (pass.want_valid)
		erpolicy_state_free(&pass.want);
	if (pass.diff_valid)
		erpolicy_diff_free(&pass.diff);
	pass.fresh_valid = pass.want_valid = pass.diff_valid = false;
	erpolicy_strs_free(pass.pins);
	XFREE(MTYPE_TMP, pass.pin_found);
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
static const char *wait_reason(const struct erpolicy_pass_out *out, char *buf, size_t len)
{
	/* out->daemon names the daemon of the two daemon waits only (-1 otherwise). */
	switch (out->step) {
	case ERPOLICY_PASS_WAIT_OWN_LOAD:
		return "erpolicyd's configuration is being loaded";
	case ERPOLICY_PASS_WAIT_UNREACHABLE:
		return unreachable_reason(apply_daemons[out->daemon].name, apply_q[out->daemon],
					  buf, len);
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

static void pass_decide(void)
{
	struct erpolicy_pass_in *in = &pass.in;
	struct erpolicy_pass_out *out = &pass.out;
	char waitbuf[400];

	erpolicy_pass_decide(in, out);
	/* Logged when it changes, or for a full pass (a steady router passes 10 times a second). */
	if (out->step != apply_last_step || out->step == ERPOLICY_PASS_FULL)
		ERPOLICY_DEBUG_APPLY("pass: %s%s", erpolicy_pass_step_name(out->step),
				     out->changed ? " (a daemon's configuration changed)" : "");
	apply_last_step = out->step;

	switch (out->step) {
	case ERPOLICY_PASS_WAIT_OWN_LOAD:
		apply_loading = in->own_loading_ms < ERPOLICY_LOAD_MAX_MS;
		fallthrough;
	case ERPOLICY_PASS_WAIT_UNREACHABLE:
	case ERPOLICY_PASS_WAIT_LOAD:
		instances_set_state(ERPOLICY_APPLY_WAITING,
				    wait_reason(out, waitbuf, sizeof(waitbuf)));
		/* Whatever the daemons hold afterwards is read afresh. */
		apply_force = true;
		have_cache_drop();
		pass_end(out->step == ERPOLICY_PASS_WAIT_UNREACHABLE ? ERPOLICY_BUSY_MS
								     : ERPOLICY_LOAD_POLL_MS);
		return;
	case ERPOLICY_PASS_STEADY:
		pass_end(ERPOLICY_RECONCILE_INTERVAL_MS);
		return;
	case ERPOLICY_PASS_FULL:
		break;
	}
	apply_stats.full_passes++;
	pass.full_start_ms = apply_now_ms();
	/*
	 * The intent changed, and nobody has configured the daemons since the
	 * cache was read: push without reading. (A full pass for any other reason
	 * reads: that is what it is for.)
	 */
	pass.cached = apply_have_valid && in->force;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		if (!erpolicy_cfgver_same(&apply_daemons[d].read, &in->d[d].now))
			pass.cached = false;
	apply_force = false;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++) {
		apply_daemons[d].read = in->d[d].now;
		/*
		 * Read and push on fresh sessions: one kept for the cheap checks
		 * would not notice the daemon's socket replaced under the same name.
		 */
		erpolicy_vtyq_close(apply_q[d]);
	}
	if (pass.cached) {
		apply_stats.cached_passes++;
		pass_compute();
		return;
	}
	have_cache_drop();
	pass_read();
}

static void pass_version_reply(void *arg, int rc, char *text, const char *err)
{
	size_t d = (uintptr_t)arg;
	struct erpolicy_pass_in *in = &pass.in;
	struct apply_daemon_state *ds = &apply_daemons[d];

	if (rc == CMD_SUCCESS)
		(void)erpolicy_cfgver_parse(text, &in->d[d].now);
	XFREE(MTYPE_TMP, text);
	in->d[d].reachable = rc >= 0;
	ds->last = in->d[d].now;
	ds->reachable = in->d[d].reachable;
	if (in->d[d].now.generation && in->d[d].now.generation != ds->generation) {
		ds->generation = in->d[d].now.generation;
		ds->since = in->now_ms;
	}
	in->d[d].since_ms = ds->since;
	if (--pass.pending == 0)
		pass_decide();
}

/*
 * Whether this pass asks daemon d its version. erpolicyd pushes nothing to
 * zebra: what zebra holds matters for the copies of owned objects only, which
 * are tidied away, not routed on (and such a copy comes with, or through, a
 * change of bgpd or mgmtd, whose answers change at once). So zebra is asked
 * once every ERPOLICY_RECONCILE_ZEBRA_MS and in a forced pass, its last
 * answer standing in between: a third fewer questions, and wakeups, at rest.
 */
static bool pass_asks(size_t d, const struct erpolicy_pass_in *in)
{
	return d != APPLY_ZEBRA || in->force || !apply_daemons[d].asked ||
	       in->now_ms - apply_daemons[d].asked >= ERPOLICY_RECONCILE_ZEBRA_MS;
}

static void erpolicy_reconcile(struct event *t)
{
	struct erpolicy_pass_in *in = &pass.in;

	if (pass.running) {
		pass.again = true;
		return;
	}
	pass.running = true;
	apply_stats.passes++;
	pass.cpu_start = cpu_now_us();
	*in = (struct erpolicy_pass_in){
		.now_ms = apply_now_ms(),
		.own_loading = apply_loading,
		.force = apply_force,
		.tracking = darr_len(pins_missing) || darr_len(rmap_missing),
		.applied = instances_applied(),
		.full_last_ms = apply_full_last,
		.full_not_before_ms = apply_full_not_before,
	};
	in->own_loading_ms = in->now_ms - apply_loading_since;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++) {
		in->d[d].read = apply_daemons[d].read;
		in->d[d].since_ms = apply_daemons[d].since;
	}
	if (apply_loading) {
		/* Nothing is asked while erpolicyd's own configuration loads. */
		pass_decide();
		return;
	}
	/* The replies come from the event loop, after pending is counted. */
	pass.pending = 0;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++) {
		if (!pass_asks(d, in)) {
			in->d[d].now = apply_daemons[d].last;
			in->d[d].reachable = apply_daemons[d].reachable;
			continue;
		}
		pass.pending++;
		apply_daemons[d].asked = in->now_ms;
		/* A session kept from the last pass first; a new one if it broke. */
		if (erpolicy_vtyq_failed(apply_q[d]))
			erpolicy_vtyq_close(apply_q[d]);
		erpolicy_vtyq_cmd(apply_q[d], "show configuration version json", 0,
				  pass_version_reply, (void *)(uintptr_t)d);
	}
}

static void pass_running_reply(void *arg, int rc, char *text, const char *err)
{
	size_t d = (uintptr_t)arg;

	if (rc != CMD_SUCCESS) {
		/* The session stays failed: every later command of the pass fails too. */
		XFREE(MTYPE_TMP, text);
		if (rc >= 0)
			erpolicy_vtyq_close(apply_q[d]);
	} else {
		pass.text[d] = text;
	}
	if (--pass.pending == 0)
		pass_readback();
}

/* Read what bgpd, mgmtd and zebra hold. */
static void pass_read(void)
{
	pass.pending = APPLY_DAEMON_MAX;
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		erpolicy_vtyq_cmd(apply_q[d], "show running-config", 0, pass_running_reply,
				  (void *)(uintptr_t)d);
}

static void pass_copies_removed(struct apply_script *s)
{
	script_cleanup_end(s);
	pass_pins();
}

/* Parse what was read into pass.fresh. Every VRF waits if bgpd or mgmtd was not read. */
static void pass_readback(void)
{
	const char *bgpd_text = pass.text[APPLY_BGPD], *mgmtd_text = pass.text[APPLY_MGMTD];
	struct apply_script *s;

	if (!bgpd_text || !mgmtd_text) {
		size_t d = !bgpd_text ? APPLY_BGPD : APPLY_MGMTD;
		char errbuf[400];

		instances_set_state(ERPOLICY_APPLY_WAITING,
				    unreachable_reason(apply_daemons[d].name, apply_q[d], errbuf,
						       sizeof(errbuf)));
		apply_force = true;
		pass_free();
		pass_full_done(ERPOLICY_BUSY_MS);
		return;
	}
	erpolicy_state_init(&pass.fresh);
	pass.fresh_valid = true;
	erpolicy_state_parse_bgpd(&pass.fresh, bgpd_text);
	erpolicy_state_parse_mgmtd(&pass.fresh, mgmtd_text);
	erpolicy_state_finish(&pass.fresh);
	pass.rmap_delay = erpolicy_bgpd_rmap_delay(bgpd_text);
	s = mgmtd_remove_copies(apply_q[APPLY_MGMTD], mgmtd_text, pass.text[APPLY_ZEBRA],
				pass_copies_removed);
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		XFREE(MTYPE_TMP, pass.text[d]);
	if (s)
		script_send_next(s);
	else
		pass_copies_removed(NULL);
}

static void pass_pins_resent(struct apply_script *s)
{
	script_cleanup_end(s);
	pass_compute();
}

/* Every pin asked about has its answer: send the missing ones again. */
static void pass_pins_answered(void)
{
	struct apply_script *s;

	s = pins_resync(apply_q[APPLY_MGMTD], pass.pins, pass.pin_found, pass_pins_resent);
	if (s)
		script_send_next(s);
	else
		pass_pins_resent(NULL);
}

static void pass_pin_reply(void *arg, int rc, char *text, const char *err)
{
	size_t i = (uintptr_t)arg;

	pass.pin_found[i] = rc == CMD_SUCCESS ? pin_in_zebra(pass.pins[i], text) : -1;
	XFREE(MTYPE_TMP, text);
	if (--pass.pending == 0)
		pass_pins_answered();
}

/* The want of the plans; then the pins it wants that mgmtd has and zebra lacks. */
static void pass_pins(void)
{
	const struct erpolicy_state *have = &pass.fresh;
	char cmd[256];

	pass_want(have);
	erpolicy_strs_free(pass.pins);
	XFREE(MTYPE_TMP, pass.pin_found);
	pass.pending = 0;
	/* The replies come from the event loop, after pin_found is there. */
	for (size_t i = 0; i < darr_len(pass.want.pin); i++) {
		const char *pin = pass.want.pin[i];

		if (!erpolicy_strs_has(have->pin, pin) || !pin_query(pin, cmd, sizeof(cmd)))
			continue;
		erpolicy_vtyq_cmd(apply_q[APPLY_ZEBRA], cmd, 0, pass_pin_reply,
				  (void *)(uintptr_t)darr_len(pass.pins));
		erpolicy_strs_push(pass.pins, pin);
		pass.pending++;
	}
	pass.pin_found = XCALLOC(MTYPE_TMP, sizeof(int) * (darr_len(pass.pins) + 1));
	if (!darr_len(pass.pins))
		pass_pins_answered();
}

/* The plans against what the daemons hold: the diff, and what of it may go now. */
static void pass_compute(void)
{
	struct erpolicy_state *have = pass_have();

	if (pass.cached) {
		pass_want(have);
		pass.rmap_delay = apply_have_rmap_delay;
	}
	maxpfx_prev_into(&pass.want, have);
	erpolicy_diff_compute(&pass.diff, &pass.want, have);
	pass.diff_valid = true;
	pass.held_ms = rmaps_hold(&pass.diff, &pass.want, have, pass.rmap_delay);
	pass.pushed = !erpolicy_diff_empty(&pass.diff) || pass.held_ms;
	pass.stale = pass.failed = pass.busy = false;
	pass.errbuf[0] = '\0';
	if (pass.pushed &&
	    (darr_len(pass.diff.bgpd_bindings) || darr_len(pass.diff.bgpd_removals))) {
		/* Bindings are pushed only if nobody configured bgpd since it was asked. */
		erpolicy_vtyq_cmd(apply_q[APPLY_BGPD], "show configuration version json", 0,
				  pass_recheck_reply, NULL);
		return;
	}
	pass_push();
}

static void pass_recheck_reply(void *arg, int rc, char *text, const char *err)
{
	struct erpolicy_cfgver v = {};

	if (rc == CMD_SUCCESS)
		(void)erpolicy_cfgver_parse(text, &v);
	XFREE(MTYPE_TMP, text);
	if (v.generation && !erpolicy_cfgver_same(&apply_daemons[APPLY_BGPD].read, &v)) {
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
			if (diff_touches_vrf(&pass.diff, inst->vrf) &&
			    !instance_waits_for_bgp(inst))
				instance_set_state(inst, ERPOLICY_APPLY_PENDING,
						   "bgpd's configuration changed while it was read: reading it again");
		pass.stale = true;
		pass_full_end();
		return;
	}
	pass_push();
}

static void pass_pushed(void)
{
	struct erpolicy_apply_stats *st = &apply_stats;

	st->pushes++;
	st->push_failures += pass.failed;
	st->push_last_ms = apply_now_ms() - pass.push_start_ms;
	st->push_max_ms = MAX(st->push_max_ms, st->push_last_ms);
	pushed_set_state(&pass.diff, pass.failed, pass.busy, pass.held_ms, pass.errbuf);
	if (pass.failed)
		zlog_warn("expressroute-policy: apply failed: %s", pass.errbuf);
	hook_call(erpolicy_apply_pushed);
	pass_full_end();
}

static void pass_mgmtd_pushed(struct apply_script *s)
{
	pass.busy = mgmtd_busy(s);
	pass.failed = s->ret && !pass.busy;
	if (s->ret)
		snprintf(pass.errbuf, sizeof(pass.errbuf), "%s", s->errbuf);
	script_free(s);
	pass_pushed();
}

static void pass_bgpd_pushed(struct apply_script *s)
{
	bgpd_push_outcome(s);
	if (s->ret) {
		pass.failed = true;
		snprintf(pass.errbuf, sizeof(pass.errbuf), "%s", s->errbuf);
	}
	script_free(s);
	if (!pass.failed && darr_len(pass.diff.mgmtd)) {
		script_send_next(script_mgmtd(apply_q[APPLY_MGMTD], pass.diff.mgmtd, false,
					      pass_mgmtd_pushed));
		return;
	}
	pass_pushed();
}

/* Push the difference: objects, bindings and removals to bgpd in one push, then mgmtd's. */
static void pass_push(void)
{
	const struct erpolicy_diff *d = &pass.diff;

	if (!pass.pushed) {
		struct erpolicy_instance *inst;

		for (inst = erpolicy_instance_first(); inst; inst = erpolicy_instance_next(inst))
			if (!instance_waits_for_bgp(inst))
				instance_set_state(inst, ERPOLICY_APPLY_APPLIED, NULL);
		pass_full_end();
		return;
	}
	count_repairs(d);
	pass.push_start_ms = apply_now_ms();
	apply_stats.push_last_bgpd_lines = darr_len(d->bgpd_objects) + darr_len(d->bgpd_bindings) +
					   darr_len(d->bgpd_removals);
	apply_stats.push_last_mgmtd_lines = darr_len(d->mgmtd);
	if (darr_len(d->bgpd_objects) || darr_len(d->bgpd_removals))
		apply_last_rmap_push = pass.push_start_ms;
	if (darr_len(d->bgpd_objects) || darr_len(d->bgpd_bindings) || darr_len(d->bgpd_removals)) {
		script_send_next(script_bgpd_push(apply_q[APPLY_BGPD], d, pass_bgpd_pushed));
		return;
	}
	if (darr_len(d->mgmtd)) {
		script_send_next(
			script_mgmtd(apply_q[APPLY_MGMTD], d->mgmtd, false, pass_mgmtd_pushed));
		return;
	}
	pass_pushed();
}

/*
 * The end of a full pass: the warnings, the have cache, and when the next pass
 * must run (0: the daemons hold the plans, nothing to look at again unless
 * something changes).
 */
static unsigned long pass_full_next(void)
{
	unsigned long next = 0;

	if (pass.stale)
		return ERPOLICY_CONFIRM_MS;
	if (pass.failed)
		next = ERPOLICY_RETRY_MS;
	else if (pass.busy)
		next = ERPOLICY_BUSY_MS;
	else if (pass.held_ms) {
		/* Route-maps held back: look again when the first may go. */
		apply_unconverged = 0;
		return (unsigned long)MIN(pass.held_ms, ERPOLICY_HOLD_POLL_MS);
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

static void pass_full_end(void)
{
	unsigned long next;

	/* After count_repairs: a binding of a neighbor warned about until now is no drift. */
	instance_set_warnings(&pass.diff);
	/* Kept while it is what the daemons hold: read, nothing pushed, nothing tracked. */
	if (pass.cached && (pass.pushed || pass.stale)) {
		have_cache_drop();
	} else if (!pass.cached && !pass.pushed && !pass.stale && !darr_len(pins_missing)) {
		apply_have = pass.fresh;
		apply_have_valid = true;
		apply_have_rmap_delay = pass.rmap_delay;
		pass.fresh_valid = false;
	}
	next = pass_full_next();
	pass_free();
	pass_full_done(next);
}

/* A full pass ended; next: when the next must run (0: nothing asked). */
static void pass_full_done(unsigned long next)
{
	struct erpolicy_apply_stats *st = &apply_stats;
	int64_t cpu_us = cpu_now_us() - pass.cpu_start;

	apply_full_last = apply_now_ms();
	st->full_last_ms = apply_full_last - pass.full_start_ms;
	st->full_max_ms = MAX(st->full_max_ms, st->full_last_ms);
	st->full_cpu_last_ms = cpu_us / 1000;
	/*
	 * The next full pass no sooner than asked for, and one caused by others'
	 * changes no sooner than the pace allows; every full pass counts.
	 */
	apply_full_paced = erpolicy_pass_pace(apply_full_paced, apply_full_last, cpu_us);
	apply_full_not_before = next ? apply_full_last + (int64_t)next : apply_full_paced;
	pass_end(next ? next : ERPOLICY_RECONCILE_INTERVAL_MS);
}

static void pass_end(unsigned long next)
{
	pass.running = false;
	if (pass.again) {
		pass.again = false;
		next = 0;
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
	erpolicy_vtyq_init(vtydir);
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		apply_q[d] = erpolicy_vtyq_new(loop, apply_daemons[d].name);
	cmd_init_config_callbacks(erpolicy_apply_config_start, erpolicy_apply_config_end);
	hook_register(erpolicy_instance_plan_changed, apply_plan_changed);
	event_add_timer_msec(apply_loop, erpolicy_apply_grace, NULL, ERPOLICY_STARTUP_GRACE_MS,
			     &t_reconcile);
}

void erpolicy_apply_fini(void)
{
	event_cancel(&t_reconcile);
	for (size_t d = 0; d < APPLY_DAEMON_MAX; d++)
		erpolicy_vtyq_free(&apply_q[d]);
	pass_free();
	darr_free(apply_maxpfx_prev);
	erpolicy_strs_free(pins_missing);
	XFREE(MTYPE_TMP, pins_missing_since);
	erpolicy_strs_free(rmap_missing);
	XFREE(MTYPE_TMP, rmap_missing_since);
	have_cache_drop();
}
