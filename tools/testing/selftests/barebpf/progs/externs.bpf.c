// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The three kinds of extern a BPF object can have, one program each: a
 * .kconfig value, a typed .ksyms kernel variable and a kfunc. None of
 * them is defined in the object; the loader must supply them or refuse.
 */
#include "bb_helpers.h"

#define __kconfig	__attribute__((section(".kconfig")))
#define __ksym		__attribute__((section(".ksyms")))

extern int LINUX_KERNEL_VERSION __kconfig;
extern const int bpf_prog_active __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

SEC("socket")
int uses_kconfig(struct __sk_buff *skb)
{
	return LINUX_KERNEL_VERSION > 0;
}

SEC("raw_tp/sys_enter")
int uses_ksym(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	return *active;
}

SEC("tp_btf/sys_enter")
int uses_kfunc(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("socket")
int uses_none(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
