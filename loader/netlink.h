/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * netlink.h - small rtnetlink helpers in the style of iproute2's libnetlink.
 *
 * A request is built in a caller-owned buffer that starts with a struct
 * nlmsghdr, attributes are appended with bb_nl_addattr*() and nests, and
 * bb_nl_talk() sends it, hands every reply to a callback and waits for
 * the kernel's ack (or NLMSG_DONE for a dump). Extended acks are on, so
 * a failure prints the kernel's own explanation and keeps it in
 * struct bb_nl.ext_msg for the caller.
 */
#ifndef BB_NETLINK_H
#define BB_NETLINK_H

#include <stddef.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/**
 * struct bb_nl - one rtnetlink socket
 * @fd:		NETLINK_ROUTE socket
 * @port_id:	our port id, as the kernel assigned it at bind time
 * @seq:	sequence number of the last request sent
 * @buf:	receive buffer, grown to fit the largest message
 * @buf_size:	bytes at @buf
 * @ext_msg:	extack text of the last failed request, "" if none
 */
struct bb_nl {
	int fd;
	__u32 port_id;
	__u32 seq;
	void *buf;
	size_t buf_size;
	char ext_msg[256];
};

/*
 * Called for each reply message of a request or dump (not for acks,
 * errors or NLMSG_DONE). A negative return stops the callbacks; the
 * rest of the reply is drained and the value returned by bb_nl_talk().
 */
typedef int (*bb_nl_msg_fn)(const struct nlmsghdr *nlh, void *ctx);

int bb_nl_open(struct bb_nl *nl);
void bb_nl_close(struct bb_nl *nl);

/*
 * Attribute builders: @maxlen is the size of the buffer @n starts.
 * They return 0, or -EMSGSIZE if the attribute does not fit.
 */
int bb_nl_addattr_l(struct nlmsghdr *n, size_t maxlen, int type,
		    const void *data, size_t alen);
int bb_nl_addattr8(struct nlmsghdr *n, size_t maxlen, int type, __u8 v);
int bb_nl_addattr32(struct nlmsghdr *n, size_t maxlen, int type, __u32 v);
/* Returns the nest to pass to bb_nl_nest_end(), NULL if it does not fit. */
struct rtattr *bb_nl_nest_start(struct nlmsghdr *n, size_t maxlen, int type);
void bb_nl_nest_end(struct nlmsghdr *n, struct rtattr *nest);

/*
 * Fill tb[0..max] with the attributes in @rta/@len (later duplicates
 * win, unknown types above @max are ignored).
 */
void bb_nl_parse_attrs(struct rtattr *tb[], int max, const struct rtattr *rta,
		       int len);
void bb_nl_parse_nested(struct rtattr *tb[], int max,
			const struct rtattr *nest);

/**
 * bb_nl_talk() - send @req and process the answer
 * @nl:		socket from bb_nl_open()
 * @req:	request; NLM_F_REQUEST and NLM_F_ACK are added, nlmsg_seq
 *		and nlmsg_pid are set here
 * @cb:		called for every reply message, may be NULL
 * @ctx:	passed to @cb
 * @what:	what the request does, for the error message, e.g.
 *		"attaching XDP program to interface eth0"
 *
 * Returns 0 once the kernel acked (or ended the dump), the kernel's
 * -errno, or a negative value from @cb. Kernel errors are printed as
 * "barebpf: <what> failed: <strerror> (kernel: <extack>)."
 */
int bb_nl_talk(struct bb_nl *nl, struct nlmsghdr *req, bb_nl_msg_fn cb,
	       void *ctx, const char *what);
/* bb_nl_talk() with NLM_F_DUMP: @cb sees every part of a multipart reply. */
int bb_nl_dump(struct bb_nl *nl, struct nlmsghdr *req, bb_nl_msg_fn cb,
	       void *ctx, const char *what);

#endif /* BB_NETLINK_H */
