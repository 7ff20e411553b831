// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * uprobe.c - attach kprobe-type programs to a function of a user binary.
 *
 * A uprobe is a breakpoint the kernel puts in a file's code: every
 * process that maps the file and runs that instruction runs the program
 * (or only process @pid). It is named by file and *file offset*, so a
 * function name is looked up in the binary's symbol tables and its
 * address turned into the offset of those bytes in the file. The kernel's
 * "uprobe" perf PMU then opens the probe (perf_event_open() with the
 * path and offset), and a BPF_PERF_EVENT link puts the program on it, as
 * for tracepoints.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "perf_event.h"
#include "uprobe.h"

#define UPROBE_PMU	"/sys/bus/event_source/devices/uprobe"

/* A number from a sysfs file such as UPROBE_PMU/type, or -errno. */
static int read_sysfs_int(const char *path, const char *fmt)
{
	FILE *f = fopen(path, "re");
	int v = -1, n;

	if (!f)
		return -errno;
	n = fscanf(f, fmt, &v);
	fclose(f);
	return n == 1 && v >= 0 ? v : -EINVAL;
}

/* File offset of section-relative address @addr in section @scn. */
static long long sym_file_offset(Elf_Scn *scn, GElf_Addr addr)
{
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS ||
	    addr < sh.sh_addr || addr - sh.sh_addr >= sh.sh_size)
		return -ENOENT;
	return addr - sh.sh_addr + sh.sh_offset;
}

/* Look for function @func in one symbol table; 1 found, 0 not. */
static int find_in_symtab(Elf *elf, Elf_Scn *symtab, const char *func,
			  long long *off)
{
	GElf_Shdr sh;
	Elf_Data *d;
	GElf_Sym sym;
	const char *n;
	long long o;
	size_t i;
	int found = 0;

	if (!gelf_getshdr(symtab, &sh))
		return 0;
	d = elf_getdata(symtab, NULL);
	if (!d || !sh.sh_entsize)
		return 0;
	for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
		if (!gelf_getsym(d, i, &sym) || sym.st_shndx == SHN_UNDEF ||
		    (GELF_ST_TYPE(sym.st_info) != STT_FUNC &&
		     GELF_ST_TYPE(sym.st_info) != STT_GNU_IFUNC))
			continue;
		n = elf_strptr(elf, sh.sh_link, sym.st_name);
		if (!n || strcmp(n, func))
			continue;
		o = sym_file_offset(elf_getscn(elf, sym.st_shndx),
				    sym.st_value);
		if (o < 0 || (found && o != *off))
			return o < 0 ? 0 : -ENOTUNIQ;
		*off = o;
		found = 1;
	}
	return found;
}

/*
 * The file offset of function @func in ELF file @path: .symtab first
 * (it also has static functions), then .dynsym (stripped libraries).
 */
long long bb_elf_func_offset(const char *path, const char *func)
{
	Elf_Scn *scn = NULL;
	long long off = -ENOENT;
	int fd, found = 0, pass;
	GElf_Shdr sh;
	Elf *elf;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	for (pass = 0; elf && !found && pass < 2; pass++) {
		while (!found && (scn = elf_nextscn(elf, scn))) {
			if (gelf_getshdr(scn, &sh) &&
			    sh.sh_type == (pass ? SHT_DYNSYM : SHT_SYMTAB))
				found = find_in_symtab(elf, scn, func, &off);
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
	if (found < 0)
		return found;
	return elf ? off : -ENOEXEC;
}

static int perf_open_uprobe(bool retprobe, int pid, const char *path,
			    unsigned long long off)
{
	struct perf_event_attr attr;
	int type, bit;

	type = read_sysfs_int(UPROBE_PMU "/type", "%d");
	if (type < 0)
		return type;
	bit = retprobe ? read_sysfs_int(UPROBE_PMU "/format/retprobe",
					"config:%d") : 0;
	if (bit < 0)
		return bit;
	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.config = retprobe ? 1ULL << bit : 0;
	attr.config1 = (unsigned long)path;	/* uprobe_path */
	attr.config2 = off;			/* probe_offset */
	/* one process on any CPU, or every process seen from CPU 0 */
	return bb_perf_event_open(&attr, pid < 0 ? -1 : pid, pid < 0 ? 0 : -1);
}

int bb_uprobe_attach(int prog_fd, bool retprobe, int pid, const char *path,
		     const char *func, unsigned long long off)
{
	const char *what = retprobe ? "uretprobe" : "uprobe";
	long long foff = 0;
	int pfd, lfd;

	if (func && *func) {
		foff = bb_elf_func_offset(path, func);
		if (foff < 0) {
			bb_pr(NULL, "%s on %s: cannot find function %s in it: %s.",
			      what, path, func, foff == -ENOTUNIQ ?
			      "two different addresses" : bb_strerror(foff));
			return foff;
		}
	}
	pfd = perf_open_uprobe(retprobe, pid, path, foff + off);
	if (pfd < 0) {
		bb_pr(NULL, "%s on %s:%s+%llu: perf_event_open failed: %s%s.",
		      what, path, func ?: "", off, bb_strerror(pfd),
		      pfd == -ENOENT ? " (this kernel has no uprobe PMU)" : "");
		return pfd;
	}
	lfd = bb_perf_event_attach(pfd, prog_fd);
	if (lfd < 0)
		bb_pr(NULL, "%s on %s:%s: attaching the program failed: %s.",
		      what, path, func ?: "", bb_strerror(lfd));
	return lfd;
}

/*
 * "PATH:FUNC", "PATH:FUNC+OFF" or "PATH:0xOFF", the part of
 * SEC("uprobe/...") after the '/': split it and attach.
 */
int bb_uprobe_attach_spec(int prog_fd, bool retprobe, int pid,
			  const char *spec)
{
	char path[4096], func[BB_NAME_MAX + 1] = "";
	const char *colon = strrchr(spec, ':'), *plus;
	unsigned long long off = 0;
	char *end;

	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(path))
		goto bad;
	snprintf(path, sizeof(path), "%.*s", (int)(colon - spec), spec);
	plus = strchr(colon + 1, '+');
	if (colon[1] >= '0' && colon[1] <= '9') {
		off = strtoull(colon + 1, &end, 0);
		if (*end)
			goto bad;
	} else {
		if ((size_t)((plus ?: colon + strlen(colon)) - colon - 1) >=
		    sizeof(func))
			goto bad;
		snprintf(func, sizeof(func), "%.*s",
			 (int)((plus ?: colon + strlen(colon)) - colon - 1),
			 colon + 1);
		if (plus) {
			off = strtoull(plus + 1, &end, 0);
			if (*end)
				goto bad;
		}
	}
	return bb_uprobe_attach(prog_fd, retprobe, pid, path, func, off);
bad:
	bb_pr(NULL, "uprobe target \"%s\" is not PATH:FUNCTION[+OFFSET] or PATH:OFFSET.",
	      spec);
	return -EINVAL;
}
