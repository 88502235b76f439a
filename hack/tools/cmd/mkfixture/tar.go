package main

import (
	"archive/tar"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/klauspost/pgzip"
	"golang.org/x/sys/unix"
)

func cmdTar(args []string) error {
	fl := flag.NewFlagSet("tar", flag.ExitOnError)
	overlay := fl.Bool("overlay", false, "DIR is an overlayfs upperdir: convert whiteouts")
	var excludes multiFlag
	fl.Var(&excludes, "exclude", "path glob relative to DIR to leave out (a matching directory is kept, empty)")
	fl.Parse(args)
	if fl.NArg() != 2 {
		return errors.New("usage: mkfixture tar [-overlay] [-exclude GLOB]... DIR OUT.tar.gz")
	}
	return writeLayer(fl.Arg(0), fl.Arg(1), *overlay, excludes)
}

// writeLayer tars dir into out (gzip'd), atomically.
func writeLayer(dir, out string, overlay bool, excludes []string) error {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	zw := pgzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	lw := &layerWriter{root: dir, tw: tw, overlay: overlay, excludes: excludes, links: map[[2]uint64]string{}}
	if err := filepath.WalkDir(dir, lw.walk); err != nil {
		f.Close()
		return err
	}
	for _, c := range []io.Closer{tw, zw, f} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return os.Rename(tmp, out)
}

type layerWriter struct {
	root     string
	tw       *tar.Writer
	overlay  bool
	excludes []string
	links    map[[2]uint64]string // (dev, inode) -> first path, for hard links
}

func (lw *layerWriter) excluded(rel string) bool {
	for _, g := range lw.excludes {
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
	}
	return false
}

func (lw *layerWriter) walk(p string, d fs.DirEntry, err error) error {
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(lw.root, p)
	if err != nil || rel == "." {
		return err
	}
	rel = filepath.ToSlash(rel)
	if lw.excluded(rel) {
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return err
	}
	st := fi.Sys().(*syscall.Stat_t)
	mode := fi.Mode()
	if mode&fs.ModeSocket != 0 {
		return nil
	}
	if lw.overlay && mode&fs.ModeCharDevice != 0 && st.Rdev == 0 {
		dir, base := path.Split(rel)
		return lw.tw.WriteHeader(&tar.Header{Name: dir + ".wh." + base, Typeflag: tar.TypeReg,
			Mode: 0o644, ModTime: fi.ModTime(), Format: tar.FormatPAX})
	}
	link := ""
	if mode&fs.ModeSymlink != 0 {
		if link, err = os.Readlink(p); err != nil {
			return err
		}
	}
	hdr, err := tar.FileInfoHeader(fi, link)
	if err != nil {
		return err
	}
	hdr.Name = rel
	if fi.IsDir() {
		hdr.Name += "/"
	}
	hdr.Uid, hdr.Gid = int(st.Uid), int(st.Gid)
	hdr.Uname, hdr.Gname = "", ""
	hdr.AccessTime, hdr.ChangeTime = time.Time{}, time.Time{}
	hdr.Format = tar.FormatPAX
	if mode.IsRegular() && st.Nlink > 1 {
		key := [2]uint64{uint64(st.Dev), uint64(st.Ino)}
		if first, ok := lw.links[key]; ok {
			hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeLink, first, 0
			return lw.tw.WriteHeader(hdr)
		}
		lw.links[key] = rel
	}
	if mode.IsRegular() {
		if capb, err := getxattr(p, "security.capability"); err == nil && len(capb) > 0 {
			hdr.PAXRecords = map[string]string{"SCHILY.xattr.security.capability": string(capb)}
		}
	}
	if err := lw.tw.WriteHeader(hdr); err != nil {
		return err
	}
	if fi.IsDir() && lw.overlay && lw.opaque(p) {
		return lw.tw.WriteHeader(&tar.Header{Name: rel + "/.wh..wh..opq", Typeflag: tar.TypeReg,
			Mode: 0o644, ModTime: fi.ModTime(), Format: tar.FormatPAX})
	}
	if !mode.IsRegular() {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if n, err := io.Copy(lw.tw, f); err != nil {
		return fmt.Errorf("%s: %w (copied %d of %d bytes)", p, err, n, hdr.Size)
	}
	return nil
}

func (lw *layerWriter) opaque(p string) bool {
	for _, attr := range []string{"trusted.overlay.opaque", "user.overlay.opaque"} {
		if v, err := getxattr(p, attr); err == nil && strings.TrimSpace(string(v)) == "y" {
			return true
		}
	}
	return false
}

func getxattr(p, attr string) ([]byte, error) {
	buf := make([]byte, 256)
	n, err := unix.Lgetxattr(p, attr, buf)
	if err != nil {
		return nil, err
	}
	return buf[:n], nil
}
