package dev.lamina.kernel.abi;

/** How a routed call's argument travels (lkl-common/syscalls.tbl; route.h's
 * enum arg_kind on the init host's side). */
public enum ArgKind {
    /** A plain value, in the request's args. */
    VAL,
    /** A descriptor, attached with SCM_RIGHTS unless negative. */
    FD,
    /** A directory's descriptor a path beside it starts from: as FD, but not attached when that path is absolute. */
    DIRFD,
    /** A NUL-terminated string item; NULL travels as an empty item. */
    STR,
    /** An item of the argument's size; NULL travels as an empty item. */
    IN,
    /** An item as long as the next argument says. */
    IN_LEN,
    /** A gid_t list item, as many as the previous argument says. */
    IN_GROUPS,
    /** A reply item of the argument's size. */
    OUT,
    /** A reply item of at most what the next argument says. */
    OUT_LEN,
    /** A gid_t list reply item, at most what the previous argument says. */
    OUT_GROUPS,
    /** An item of the argument's size in, and a reply item of that size back (NULL: empty, and nothing back). */
    INOUT;

    /** Whether the argument travels as a request item. */
    public boolean item() { return this == STR || this == IN || this == IN_LEN || this == IN_GROUPS || this == INOUT; }
}
