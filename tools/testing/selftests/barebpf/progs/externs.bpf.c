// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The kinds of extern a BPF object can have: .kconfig values of each
 * type, a typed .ksyms kernel variable, an untyped one (an address) and
 * kfuncs, strong and __weak. None of them is defined in the object; the
 * loader gives them the running kernel's values.
 */
#include "bb_helpers.h"

#define __kconfig	__attribute__((section(".kconfig")))
#define __ksym		__attribute__((section(".ksyms")))

enum libbpf_tristate {		/* libbpf's, by name: y 1, n 0, m 2 */
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

extern int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern int CONFIG_HZ __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig;
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig;
extern int CONFIG_BB_NO_SUCH_OPTION __kconfig __weak;

extern const int bpf_prog_active __ksym;
extern const void bpf_check __ksym;
extern const int bb_no_such_variable __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern void bb_no_such_kfunc(void) __ksym __weak;

enum { OUT_VERSION, OUT_BPF_SYSCALL, OUT_HZ, OUT_JIT, OUT_HOSTNAME0,
       OUT_MISSING, OUT_BPF_CHECK, OUT_NO_VAR, OUT_NO_KFUNC, OUT_NR };

__u64 out[OUT_NR];

SEC("socket")
int uses_kconfig(struct __sk_buff *skb)
{
	out[OUT_VERSION] = LINUX_KERNEL_VERSION;
	out[OUT_BPF_SYSCALL] = CONFIG_BPF_SYSCALL;
	out[OUT_HZ] = CONFIG_HZ;
	out[OUT_JIT] = CONFIG_BPF_JIT;
	out[OUT_HOSTNAME0] = CONFIG_DEFAULT_HOSTNAME[0];
	out[OUT_MISSING] = CONFIG_BB_NO_SUCH_OPTION;
	return 0;
}

/* The kernel must find a typed variable's address: CONFIG_KALLSYMS_ALL. */
SEC("?raw_tp/sys_enter")
int uses_ksym(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	return *active;
}

SEC("raw_tp/sys_enter")
int uses_addresses(void *ctx)
{
	out[OUT_BPF_CHECK] = (unsigned long)&bpf_check;
	out[OUT_NO_VAR] = (unsigned long)&bb_no_such_variable;
	return 0;
}

SEC("syscall")
int uses_kfunc(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	out[OUT_NO_KFUNC] = (unsigned long)bb_no_such_kfunc;
	if (bb_no_such_kfunc)
		bb_no_such_kfunc();
	return 0;
}

SEC("socket")
int uses_none(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
