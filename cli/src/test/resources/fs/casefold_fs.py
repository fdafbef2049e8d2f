#!/usr/bin/python3
"""A case-insensitive, case-preserving file system over a directory, as a
Mac's default APFS volume behaves: each name is looked up ignoring case, a
new one keeps the case it was given. For tests (FUSE, through Debian's
python3-fusepy); run as root: casefold_fs.py BACKING MOUNTPOINT."""
import errno
import os
import sys

import fusepy


class CaseFold(fusepy.Operations):
    def __init__(self, backing):
        self.backing = backing

    def _real(self, path):
        """The backing path, each existing component found ignoring case."""
        at = self.backing
        for part in [p for p in path.split('/') if p]:
            name = part
            try:
                for entry in os.listdir(at):
                    if entry.lower() == part.lower():
                        name = entry
                        break
            except OSError:
                pass
            at = os.path.join(at, name)
        return at

    def getattr(self, path, fh=None):
        try:
            st = os.lstat(self._real(path))
        except OSError as e:
            raise fusepy.FuseOSError(e.errno)
        return {k: getattr(st, k) for k in ('st_mode', 'st_nlink', 'st_uid', 'st_gid', 'st_size',
                                             'st_atime', 'st_mtime', 'st_ctime')}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._real(path))

    def _call(self, f, *args):
        try:
            return f(*args)
        except OSError as e:
            raise fusepy.FuseOSError(e.errno or errno.EIO)

    def access(self, path, mode):
        if not os.access(self._real(path), mode):
            raise fusepy.FuseOSError(errno.EACCES)

    def mkdir(self, path, mode): return self._call(os.mkdir, self._real(path), mode)
    def rmdir(self, path): return self._call(os.rmdir, self._real(path))
    def unlink(self, path): return self._call(os.unlink, self._real(path))
    def chmod(self, path, mode): return self._call(os.chmod, self._real(path), mode)
    def chown(self, path, uid, gid): return self._call(os.lchown, self._real(path), uid, gid)
    def rename(self, old, new): return self._call(os.rename, self._real(old), self._real(new))
    def symlink(self, target, source): return self._call(os.symlink, source, self._real(target))
    def readlink(self, path): return self._call(os.readlink, self._real(path))
    def link(self, target, source): return self._call(os.link, self._real(source), self._real(target))
    def utimens(self, path, times=None): return self._call(os.utime, self._real(path), times)
    def truncate(self, path, length, fh=None): return self._call(os.truncate, self._real(path), length)
    def create(self, path, mode, fi=None): return self._call(os.open, self._real(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    def open(self, path, flags): return self._call(os.open, self._real(path), flags)
    def release(self, path, fh): return self._call(os.close, fh)
    def flush(self, path, fh): return 0
    def fsync(self, path, datasync, fh): return self._call(os.fsync, fh)

    def read(self, path, size, offset, fh):
        return self._call(os.pread, fh, size, offset)

    def write(self, path, data, offset, fh):
        return self._call(os.pwrite, fh, data, offset)

    def statfs(self, path):
        st = os.statvfs(self._real(path))
        return {k: getattr(st, k) for k in ('f_bavail', 'f_bfree', 'f_blocks', 'f_bsize', 'f_favail', 'f_ffree',
                                             'f_files', 'f_flag', 'f_frsize', 'f_namemax')}


if __name__ == '__main__':
    fusepy.FUSE(CaseFold(os.path.realpath(sys.argv[1])), sys.argv[2], foreground=True, allow_other=True)
