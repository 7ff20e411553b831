// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * netlink.c - small rtnetlink helpers; see netlink.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "internal.h"
#include "netlink.h"

#define NL_BUF_MIN	32768

/* An ack or NLMSG_DONE for our request ends the exchange. */
struct nl_state {
	bool done;
	bool intr;	/* NLM_F_DUMP_INTR: the dump may be inconsistent */
	int err;	/* kernel's -errno, 0 on ack */
	int cb_err;	/* first negative callback return */
};

static int set_opt(int fd, int opt)
{
	int one = 1;

	if (setsockopt(fd, SOL_NETLINK, opt, &one, sizeof(one)) &&
	    errno != ENOPROTOOPT)
		return -errno;
	return 0;
}

static int nl_bind(struct bb_nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);

	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	if (getsockname(nl->fd, (struct sockaddr *)&sa, &len))
		return -errno;
	if (len != sizeof(sa) || sa.nl_family != AF_NETLINK)
		return -EINVAL;
	nl->port_id = sa.nl_pid;
	return 0;
}

int bb_nl_open(struct bb_nl *nl)
{
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0) {
		err = -errno;
		bb_pr(NULL, "cannot open an rtnetlink socket: %s.",
		      bb_strerror(err));
		return err;
	}
	err = set_opt(nl->fd, NETLINK_EXT_ACK);
	if (!err)
		err = set_opt(nl->fd, NETLINK_CAP_ACK);
	if (!err)
		err = nl_bind(nl);
	if (err)
		goto close_fd;
	nl->seq = (__u32)time(NULL);
	return 0;

close_fd:
	bb_pr(NULL, "cannot set up the rtnetlink socket: %s.",
	      bb_strerror(err));
	close(nl->fd);
	nl->fd = -1;
	return err;
}

void bb_nl_close(struct bb_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
	free(nl->buf);
	nl->buf = NULL;
	nl->buf_size = 0;
}

int bb_nl_addattr_l(struct nlmsghdr *n, size_t maxlen, int type,
		    const void *data, size_t alen)
{
	size_t len = RTA_LENGTH(alen);
	struct rtattr *rta;

	if (NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len) > maxlen)
		return -EMSGSIZE;
	rta = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = len;
	if (alen)
		memcpy(RTA_DATA(rta), data, alen);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(len);
	return 0;
}

int bb_nl_addattr8(struct nlmsghdr *n, size_t maxlen, int type, __u8 v)
{
	return bb_nl_addattr_l(n, maxlen, type, &v, sizeof(v));
}

int bb_nl_addattr32(struct nlmsghdr *n, size_t maxlen, int type, __u32 v)
{
	return bb_nl_addattr_l(n, maxlen, type, &v, sizeof(v));
}

struct rtattr *bb_nl_nest_start(struct nlmsghdr *n, size_t maxlen, int type)
{
	struct rtattr *nest;

	nest = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
	if (bb_nl_addattr_l(n, maxlen, type | NLA_F_NESTED, NULL, 0))
		return NULL;
	return nest;
}

void bb_nl_nest_end(struct nlmsghdr *n, struct rtattr *nest)
{
	nest->rta_len = (char *)n + NLMSG_ALIGN(n->nlmsg_len) - (char *)nest;
}

void bb_nl_parse_attrs(struct rtattr *tb[], int max, const struct rtattr *rta,
		       int len)
{
	unsigned short type;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		type = rta->rta_type & NLA_TYPE_MASK;
		if (type <= max)
			tb[type] = (struct rtattr *)rta;
	}
}

void bb_nl_parse_nested(struct rtattr *tb[], int max,
			const struct rtattr *nest)
{
	bb_nl_parse_attrs(tb, max, RTA_DATA(nest), RTA_PAYLOAD(nest));
}

static int nl_send(struct bb_nl *nl, struct nlmsghdr *req)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	req->nlmsg_pid = 0;
	do {
		n = sendto(nl->fd, req, req->nlmsg_len, 0,
			   (struct sockaddr *)&sa, sizeof(sa));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)req->nlmsg_len ? 0 : -EMSGSIZE;
}

/* Make nl->buf hold at least @want bytes. */
static int nl_grow(struct bb_nl *nl, size_t want)
{
	void *p;

	if (want < NL_BUF_MIN)
		want = NL_BUF_MIN;
	if (nl->buf_size >= want)
		return 0;
	p = realloc(nl->buf, want);
	if (!p)
		return -ENOMEM;
	nl->buf = p;
	nl->buf_size = want;
	return 0;
}

/* Receive one datagram whole: peek at its size first, then read it. */
static ssize_t nl_recv(struct bb_nl *nl)
{
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int err;

	err = nl_grow(nl, 0);
	if (err)
		return err;
	do {
		iov.iov_base = nl->buf;
		iov.iov_len = nl->buf_size;
		n = recvmsg(nl->fd, &msg, MSG_PEEK | MSG_TRUNC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	err = nl_grow(nl, n);
	if (err)
		return err;
	iov.iov_base = nl->buf;
	iov.iov_len = nl->buf_size;
	do {
		n = recvmsg(nl->fd, &msg, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return msg.msg_flags & MSG_TRUNC ? -EMSGSIZE : n;
}

/* Copy NLMSGERR_ATTR_MSG out of the extack TLVs at @p/@len. */
static void nl_extack(struct bb_nl *nl, const char *p, int len)
{
	const struct nlattr *nla;
	int alen, plen;

	while (len >= (int)sizeof(*nla)) {
		nla = (const struct nlattr *)p;
		alen = nla->nla_len;
		if (alen < (int)sizeof(*nla) || alen > len)
			return;
		plen = alen - NLA_HDRLEN;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    plen > 0) {
			if (plen >= (int)sizeof(nl->ext_msg))
				plen = sizeof(nl->ext_msg) - 1;
			memcpy(nl->ext_msg, p + NLA_HDRLEN, plen);
			nl->ext_msg[plen] = '\0';
			return;
		}
		p += NLA_ALIGN(alen);
		len -= NLA_ALIGN(alen);
	}
}

/*
 * NLMSG_ERROR: struct nlmsgerr, then (unless NLM_F_CAPPED) the payload
 * of our request, then the extack TLVs if NLM_F_ACK_TLVS is set.
 */
static int nl_error(struct bb_nl *nl, const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof(*e);

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return -EBADMSG;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	if ((h->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    NLMSG_LENGTH(off) < h->nlmsg_len)
		nl_extack(nl, (const char *)NLMSG_DATA(h) + off,
			  h->nlmsg_len - NLMSG_LENGTH(off));
	return e->error > 0 ? -e->error : e->error;
}

/* NLMSG_DONE of a dump: an int error, then extack TLVs. */
static int nl_done(struct bb_nl *nl, const struct nlmsghdr *h)
{
	const int *err = NLMSG_DATA(h);
	size_t off = NLMSG_ALIGN(sizeof(*err));

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*err)))
		return 0;
	if ((h->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    NLMSG_LENGTH(off) < h->nlmsg_len)
		nl_extack(nl, (const char *)NLMSG_DATA(h) + off,
			  h->nlmsg_len - NLMSG_LENGTH(off));
	return *err > 0 ? -*err : *err;
}

static void nl_one(struct bb_nl *nl, const struct nlmsghdr *h,
		   bb_nl_msg_fn cb, void *ctx, struct nl_state *st)
{
	int ret;

	/* Replies to an earlier request we stopped reading are stale. */
	if (h->nlmsg_pid != nl->port_id || h->nlmsg_seq != nl->seq)
		return;
	switch (h->nlmsg_type) {
	case NLMSG_ERROR:
		st->err = nl_error(nl, h);
		st->done = true;
		return;
	case NLMSG_DONE:
		st->err = nl_done(nl, h);
		st->done = true;
		return;
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return;
	}
	if (h->nlmsg_flags & NLM_F_DUMP_INTR)
		st->intr = true;
	if (!cb || st->cb_err)
		return;
	ret = cb(h, ctx);
	if (ret < 0)
		st->cb_err = ret;
}

static int nl_receive(struct bb_nl *nl, bb_nl_msg_fn cb, void *ctx,
		      struct nl_state *st)
{
	const struct nlmsghdr *h;
	ssize_t n;
	int len;

	while (!st->done) {
		n = nl_recv(nl);
		if (n < 0)
			return n;
		len = n;
		for (h = nl->buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
			nl_one(nl, h, cb, ctx, st);
		if (len)
			return -EBADMSG;
	}
	return 0;
}

static void nl_report(const struct bb_nl *nl, const char *what, int err)
{
	if (nl->ext_msg[0])
		bb_pr(NULL, "%s failed: %s (kernel: %s).",
		      what, bb_strerror(err), nl->ext_msg);
	else
		bb_pr(NULL, "%s failed: %s.",
		      what, bb_strerror(err));
}

int bb_nl_talk(struct bb_nl *nl, struct nlmsghdr *req, bb_nl_msg_fn cb,
	       void *ctx, const char *what)
{
	struct nl_state st = { 0 };
	int err;

	nl->ext_msg[0] = '\0';
	err = nl_send(nl, req);
	if (!err)
		err = nl_receive(nl, cb, ctx, &st);
	if (!err)
		err = st.err;
	if (err) {
		nl_report(nl, what, err);
		return err;
	}
	if (st.intr && !st.cb_err) {
		bb_pr(NULL,
		      "%s failed: the dump was interrupted by a concurrent change.",
		      what);
		return -EAGAIN;
	}
	return st.cb_err;
}

int bb_nl_dump(struct bb_nl *nl, struct nlmsghdr *req, bb_nl_msg_fn cb,
	       void *ctx, const char *what)
{
	req->nlmsg_flags |= NLM_F_DUMP;
	return bb_nl_talk(nl, req, cb, ctx, what);
}
