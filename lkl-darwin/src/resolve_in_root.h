/* openat2(root, path, {flags, mode, RESOLVE_IN_ROOT}) for a host without
 * openat2 (resolve_in_root.c): path resolved as if root were "/", ".."
 * stopping there and symlinks, absolute ones too, resolved inside it.
 * flags and mode are the host's open(2) ones; follow: whether a last name
 * that is a symlink is followed (flags then must not follow it themselves:
 * O_NOFOLLOW, or Darwin's O_SYMLINK). The descriptor, or -errno (the
 * host's). */
#ifndef RESOLVE_IN_ROOT_H
#define RESOLVE_IN_ROOT_H

int resolve_in_root(int root, const char *path, int flags, int mode, int follow);

#endif
