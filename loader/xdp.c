// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp.c - XDP attach, detach and query over rtnetlink; see xdp.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>

#include "internal.h"
#include "netlink.h"
#include "xdp.h"

struct xdp_req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[128];
};

static void xdp_req_init(struct xdp_req *req, int type, int ifindex)
{
	memset(req, 0, sizeof(*req));
	req->nh.nlmsg_len = NLMSG_LENGTH(sizeof(req->ifi));
	req->nh.nlmsg_type = type;
	req->ifi.ifi_family = AF_UNSPEC;
	req->ifi.ifi_index = ifindex;
}

static const char *xdp_mode_name(__u32 flags)
{
	if (flags & XDP_FLAGS_SKB_MODE)
		return "generic";
	if (flags & XDP_FLAGS_DRV_MODE)
		return "native";
	if (flags & XDP_FLAGS_HW_MODE)
		return "offload";
	return "auto";
}

/* "interface veth0 (ifindex 4)" for messages, even if it is gone. */
static void if_describe(int ifindex, char *buf, size_t len)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(ifindex, name))
		snprintf(buf, len, "interface %s (ifindex %d)", name, ifindex);
	else
		snprintf(buf, len, "interface with ifindex %d", ifindex);
}

static int xdp_build(struct xdp_req *req, int fd, __u32 flags,
		     int expected_fd)
{
	size_t max = sizeof(*req);
	struct rtattr *nest;
	int err;

	nest = bb_nl_nest_start(&req->nh, max, IFLA_XDP);
	if (!nest)
		return -EMSGSIZE;
	err = bb_nl_addattr32(&req->nh, max, IFLA_XDP_FD, fd);
	if (!err && flags)
		err = bb_nl_addattr32(&req->nh, max, IFLA_XDP_FLAGS, flags);
	if (!err && (flags & XDP_FLAGS_REPLACE))
		err = bb_nl_addattr32(&req->nh, max, IFLA_XDP_EXPECTED_FD,
				      expected_fd);
	if (err)
		return err;
	bb_nl_nest_end(&req->nh, nest);
	return 0;
}

static int xdp_set(int ifindex, int fd, __u32 flags, int expected_fd,
		   const char *verb)
{
	char what[160], dev[64];
	struct xdp_req req;
	struct bb_nl nl;
	int err;

	if_describe(ifindex, dev, sizeof(dev));
	snprintf(what, sizeof(what), "%s %s in %s mode", verb,
		 dev, xdp_mode_name(flags));
	xdp_req_init(&req, RTM_SETLINK, ifindex);
	err = xdp_build(&req, fd, flags, expected_fd);
	if (err) {
		bb_pr(NULL, "%s failed: request too large.",
		      what);
		return err;
	}
	err = bb_nl_open(&nl);
	if (err)
		return err;
	err = bb_nl_talk(&nl, &req.nh, NULL, NULL, what);
	bb_nl_close(&nl);
	return err;
}

int bb_xdp_attach(int ifindex, int prog_fd, __u32 flags, int expected_fd)
{
	if (prog_fd < 0) {
		bb_pr(NULL,
		      "cannot attach XDP to ifindex %d: bad program fd %d.",
		      ifindex, prog_fd);
		return -EBADF;
	}
	return xdp_set(ifindex, prog_fd, flags, expected_fd,
		       flags & XDP_FLAGS_REPLACE ?
		       "replacing the XDP program on" :
		       "attaching an XDP program to");
}

int bb_xdp_detach(int ifindex, __u32 flags, int expected_fd)
{
	flags &= ~XDP_FLAGS_UPDATE_IF_NOEXIST;
	return xdp_set(ifindex, -1, flags | XDP_FLAGS_REPLACE, expected_fd,
		       "detaching the XDP program from");
}

struct xdp_query_ctx {
	int ifindex;
	struct bb_xdp_info *info;
};

static __u32 attr_u32(struct rtattr *tb[], int type)
{
	if (!tb[type] || RTA_PAYLOAD(tb[type]) < sizeof(__u32))
		return 0;
	return *(__u32 *)RTA_DATA(tb[type]);
}

static void xdp_parse(const struct rtattr *xdp, struct bb_xdp_info *info)
{
	struct rtattr *tb[IFLA_XDP_MAX + 1];

	bb_nl_parse_nested(tb, IFLA_XDP_MAX, xdp);
	if (tb[IFLA_XDP_ATTACHED] && RTA_PAYLOAD(tb[IFLA_XDP_ATTACHED]) >= 1)
		info->attach_mode = *(__u8 *)RTA_DATA(tb[IFLA_XDP_ATTACHED]);
	info->prog_id = attr_u32(tb, IFLA_XDP_PROG_ID);
	info->skb_prog_id = attr_u32(tb, IFLA_XDP_SKB_PROG_ID);
	info->drv_prog_id = attr_u32(tb, IFLA_XDP_DRV_PROG_ID);
	info->hw_prog_id = attr_u32(tb, IFLA_XDP_HW_PROG_ID);
	/* Older kernels report only IFLA_XDP_PROG_ID for a single mode. */
	if (info->attach_mode == XDP_ATTACHED_SKB && !info->skb_prog_id)
		info->skb_prog_id = info->prog_id;
	if (info->attach_mode == XDP_ATTACHED_DRV && !info->drv_prog_id)
		info->drv_prog_id = info->prog_id;
	if (info->attach_mode == XDP_ATTACHED_HW && !info->hw_prog_id)
		info->hw_prog_id = info->prog_id;
}

static int xdp_query_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct xdp_query_ctx *qc = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct rtattr *tb[IFLA_MAX + 1];
	int len;

	len = nlh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	if (nlh->nlmsg_type != RTM_NEWLINK || len < 0 ||
	    ifi->ifi_index != qc->ifindex)
		return 0;
	bb_nl_parse_attrs(tb, IFLA_MAX, IFLA_RTA(ifi), len);
	if (tb[IFLA_XDP])
		xdp_parse(tb[IFLA_XDP], qc->info);
	return 0;
}

int bb_xdp_query(int ifindex, struct bb_xdp_info *info)
{
	struct xdp_query_ctx qc = { .ifindex = ifindex, .info = info };
	char what[96], dev[64];
	struct xdp_req req;
	struct bb_nl nl;
	int err;

	memset(info, 0, sizeof(*info));
	if_describe(ifindex, dev, sizeof(dev));
	snprintf(what, sizeof(what), "querying XDP state of %s", dev);
	xdp_req_init(&req, RTM_GETLINK, ifindex);
	err = bb_nl_addattr32(&req.nh, sizeof(req), IFLA_EXT_MASK,
			      RTEXT_FILTER_SKIP_STATS);
	if (err)
		return err;
	err = bb_nl_open(&nl);
	if (err)
		return err;
	err = bb_nl_talk(&nl, &req.nh, xdp_query_cb, &qc, what);
	bb_nl_close(&nl);
	return err;
}

static int parse_index(const char *s)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 0x7fffffff)
		return -1;
	return v;
}

int bb_ifindex(const char *name_or_index)
{
	char name[IF_NAMESIZE];
	unsigned int idx;
	int n;

	if (!name_or_index || !*name_or_index) {
		bb_pr(NULL, "no interface name given.");
		return -EINVAL;
	}
	n = parse_index(name_or_index);
	if (n > 0 && if_indextoname(n, name))
		return n;
	if (n <= 0 && strlen(name_or_index) < IF_NAMESIZE) {
		idx = if_nametoindex(name_or_index);
		if (idx)
			return idx;
	}
	bb_pr(NULL, "interface %s does not exist.",
	      name_or_index);
	return -ENODEV;
}
