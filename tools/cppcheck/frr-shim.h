/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Forced first include of cppcheck runs over erpolicyd (tools/static-checks.sh),
 * after the compiler's predefined macros. Not used by any build.
 *
 * cppcheck 2.10's preprocessor cannot expand FRR's hook declarations
 * (lib/hook.h: "int(*funcptr) HOOK_VOIDIFY arglist", a macro invocation formed
 * from a macro argument) and then stops at the first DECLARE_HOOK (lib/zlog.h)
 * with "unknownMacro", so no daemon file would be analysed. These stand-ins
 * keep the declarations' shape and take hook.h's include guard.
 */
#ifndef _FRR_HOOK_H
#define _FRR_HOOK_H

struct hookent;
struct hook {
	const char *name;
	struct hookent *entries;
	bool reverse;
};

#define DECLARE_HOOK(hookname, arglist, passlist) extern struct hook _hook_##hookname
#define DECLARE_KOOH(hookname, arglist, passlist) extern struct hook _hook_##hookname
#define DEFINE_HOOK(hookname, arglist, passlist)  struct hook _hook_##hookname
#define DEFINE_KOOH(hookname, arglist, passlist)  struct hook _hook_##hookname
#define hook_register(hookname, func)		  ((void)(func))
#define hook_register_prio(hookname, prio, func)  ((void)(func))
#define hook_register_arg(hookname, func, arg)	  ((void)(func), (void)(arg))
#define hook_register_arg_prio(hookname, prio, func, arg) ((void)(func), (void)(arg))
#define hook_unregister(hookname, func)			  ((void)(func))
#define hook_unregister_arg(hookname, func, arg)	  ((void)(func), (void)(arg))
#define hook_have_hooks(hookname)			  (_hook_##hookname.entries != NULL)
#define hook_call(hookname, ...)			  0

#endif /* _FRR_HOOK_H */

/*
 * json-c's json_object_object_foreach uses a GNU statement expression in a for
 * condition, which cppcheck 2.10 reports as a syntax error (and then skips the
 * file); with __STRICT_ANSI__ json-c picks its ANSI C version of the same loop.
 * Nothing else in FRR's headers tests __STRICT_ANSI__, and config.h defines
 * _GNU_SOURCE, so glibc's declarations stay the same.
 */
#define __STRICT_ANSI__ 1

/*
 * lib/darr.h grows its arrays inside GNU statement expressions, which cppcheck
 * 2.10 takes for unused member accesses ("constStatement") at every append.
 * These stand-ins keep what the macros mean to the analysis (a length read from
 * the array's header, an element appended and returned, the array freed) and
 * take darr.h's include guard.
 */
#ifndef _FRR_DARR_H_
#define _FRR_DARR_H_

struct memtype;
struct darr_metadata {
	uint32_t len;
	uint32_t cap;
	struct memtype *mtype;
};
/* The index of the element appended (the array may move). */
size_t _darr_append_shim(void *arrp);
void _darr_free_shim(void *arr);

#define _darr_meta(A)	       (((struct darr_metadata *)(A)) - 1)
#define darr_len(A)	       (((A) == NULL) ? 0 : _darr_meta(A)->len)
#define darr_appendz_mt(A, MT) (&(A)[_darr_append_shim(&(A))])
#define darr_append_mt(A, MT)  darr_appendz_mt(A, MT)
#define darr_push_mt(A, E, MT) ((A)[_darr_append_shim(&(A))] = (E))
#define darr_push(A, E)	       darr_push_mt(A, E, 0)
#define darr_free(A)	       (_darr_free_shim(A), (A) = NULL)
#define darr_free_func(A, F)                                                                       \
	do {                                                                                       \
		for (uint32_t _d__i = 0; _d__i < darr_len(A); _d__i++)                             \
			F((A)[_d__i]);                                                             \
		darr_free(A);                                                                      \
	} while (0)

#endif /* _FRR_DARR_H_ */
