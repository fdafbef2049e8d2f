package dev.lamina.kernel.abi;

/** The rtnetlink messages the kernel answers (linux/netlink.h, linux/rtnetlink.h,
 * linux/if_link.h, linux/if_addr.h, linux/if.h): layouts and numbers, checked
 * against the uapi headers by AbiContractTest. Every message is a struct
 * nlmsghdr, then its family's header, then attributes (struct rtattr, each
 * padded to 4 bytes). */
public final class Netlink {
    private Netlink() {}

    /** struct nlmsghdr: length (header included), type, flags, sequence number, sender's port id. */
    public static final int NLMSGHDR_SIZE = 16;
    public static final int NLMSGHDR_TYPE = 4;
    public static final int NLMSGHDR_FLAGS = 6;
    public static final int NLMSGHDR_SEQ = 8;
    public static final int NLMSGHDR_PID = 12;
    public static final int NLMSG_ALIGNTO = 4;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 1;
    /** sock_diag(7) for AF_UNIX: a unix_diag_req by inode asking for the peer, a unix_diag_msg before its attributes. */
    public static final int NETLINK_SOCK_DIAG = 4;
    public static final int SOCK_DIAG_BY_FAMILY = 20;
    public static final int UNIX_DIAG_REQ_SIZE = 24;
    public static final int UNIX_DIAG_REQ_STATES = 4;
    public static final int UNIX_DIAG_REQ_INO = 8;
    public static final int UNIX_DIAG_REQ_SHOW = 12;
    public static final int UNIX_DIAG_REQ_COOKIE = 16;
    public static final int UNIX_DIAG_MSG_SIZE = 16;
    public static final int UDIAG_SHOW_PEER = 4;
    public static final int UNIX_DIAG_PEER = 2;
    public static final int NLM_F_MULTI = 2;
    public static final int NLM_F_ACK = 4;
    public static final int NLM_F_DUMP = 0x300;
    /** A NEW request's: make the object, and fail if it exists. */
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_EXCL = 0x200;
    /** struct sockaddr_nl. */
    public static final int SOCKADDR_NL_SIZE = 12;
    public static final int SOCKADDR_NL_PID = 4;

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_GETROUTE = 26;
    /** Message types are in families of four: NEW, DEL, GET, SET. */
    public static final int RTM_BASE = 16;

    /** struct ifinfomsg: family, padding, device type, index, flags, change mask. */
    public static final int IFINFOMSG_SIZE = 16;
    public static final int IFINFOMSG_TYPE = 2;
    public static final int IFINFOMSG_INDEX = 4;
    public static final int IFINFOMSG_FLAGS = 8;
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_QDISC = 6;
    public static final int IFLA_STATS = 7;
    public static final int IFLA_TXQLEN = 13;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKMODE = 17;
    /** struct rtnl_link_stats: 24 counters of 32 bits. */
    public static final int RTNL_LINK_STATS_SIZE = 96;
    public static final int IF_OPER_UNKNOWN = 0;
    public static final int IF_OPER_UP = 6;
    public static final int IFF_LOWER_UP = 0x10000;

    /** struct ifaddrmsg: family, prefix length, flags, scope, interface index. */
    public static final int IFADDRMSG_SIZE = 8;
    public static final int IFADDRMSG_PREFIXLEN = 1;
    public static final int IFADDRMSG_FLAGS = 2;
    public static final int IFADDRMSG_SCOPE = 3;
    public static final int IFADDRMSG_INDEX = 4;
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_F_PERMANENT = 0x80;
    /** struct ifa_cacheinfo: preferred and valid lifetimes, then two time stamps. */
    public static final int IFA_CACHEINFO_SIZE = 16;

    /** struct rtmsg: family, destination and source prefix lengths, tos, table, protocol, scope, type, flags. */
    public static final int RTMSG_SIZE = 12;
    public static final int RTMSG_DST_LEN = 1;
    public static final int RTMSG_TABLE = 4;
    public static final int RTMSG_PROTOCOL = 5;
    public static final int RTMSG_SCOPE = 6;
    public static final int RTMSG_TYPE = 7;
    public static final int RTMSG_FLAGS = 8;
    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTM_F_CLONED = 0x200;

    /** struct rtattr: length (header included), type. */
    public static final int RTATTR_SIZE = 4;
}
