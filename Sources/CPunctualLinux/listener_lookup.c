// Linux only: whether a TCP socket listens on a local address, asked of the kernel (sock_diag)
// rather than by connecting.
#ifndef _WIN32
#define _GNU_SOURCE
#include "CPunctualLinux.h"

#include <errno.h>
#include <stdatomic.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { TCP_LISTEN_STATE = 10, MOST_STALE_REPLIES = 8 };

// Each request's sequence number, so that a reply left behind by a failed receive is never taken
// for the answer to a later request.
static _Atomic uint32_t next_sequence = 1;

int cpunctual_listener_lookup_open(void) {
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return -errno;
    // A reply that never comes must not hang the probe thread.
    struct timeval limit = {.tv_sec = 1};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    return fd;
}

int cpunctual_listener_lookup(int fd, const void *address, unsigned length) {
    struct {
        struct nlmsghdr header;
        struct inet_diag_req_v2 request;
    } message;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST;
    message.header.nlmsg_seq = atomic_fetch_add(&next_sequence, 1);
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = 1u << TCP_LISTEN_STATE;
    // One socket looked up as an arriving SYN would find it (src = the local address and port, no
    // peer): a listener on the address or on the wildcard; not a dump of every socket.
    message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    sa_family_t family;
    if (length < sizeof family) return -EINVAL;
    memcpy(&family, address, sizeof family);
    if (family == AF_INET && length >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in v4;
        memcpy(&v4, address, sizeof v4);
        message.request.sdiag_family = AF_INET;
        message.request.id.idiag_sport = v4.sin_port;
        memcpy(message.request.id.idiag_src, &v4.sin_addr, sizeof v4.sin_addr);
    } else if (family == AF_INET6 && length >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 v6;
        memcpy(&v6, address, sizeof v6);
        message.request.sdiag_family = AF_INET6;
        message.request.id.idiag_sport = v6.sin6_port;
        memcpy(message.request.id.idiag_src, &v6.sin6_addr, sizeof v6.sin6_addr);
    } else {
        return -EAFNOSUPPORT;
    }
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(fd, &message, sizeof message, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) return -errno;
    union {
        struct nlmsghdr header;
        char bytes[1024];
    } reply;
    for (int stale = 0;; stale++) {
        ssize_t received = recv(fd, &reply, sizeof reply, 0);
        if (received < 0) return -errno;
        if (received < (ssize_t)NLMSG_LENGTH(0) || !NLMSG_OK(&reply.header, (size_t)received)) return -EBADMSG;
        if (reply.header.nlmsg_seq == message.header.nlmsg_seq) break;
        if (stale == MOST_STALE_REPLIES) return -EBADMSG;
    }
    if (reply.header.nlmsg_type == NLMSG_ERROR) {
        if (reply.header.nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) return -EBADMSG;
        const struct nlmsgerr *error = NLMSG_DATA(&reply.header);
        return error->error == -ENOENT ? 0 : (error->error < 0 ? error->error : -EBADMSG);
    }
    if (reply.header.nlmsg_type != SOCK_DIAG_BY_FAMILY ||
        reply.header.nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
        return -EBADMSG;
    const struct inet_diag_msg *found = NLMSG_DATA(&reply.header);
    return found->idiag_state == TCP_LISTEN_STATE ? 1 : 0;
}
#endif
