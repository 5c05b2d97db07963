"""LibreOffice Calc as the peer of the XLSX import and export rows of `npm run bench` (test/bench/ops.ts).

    python3 test/bench/libreoffice.py open FILE PROFILE_DIR
    python3 test/bench/libreoffice.py save FILE PROFILE_DIR OUT

Starts one headless soffice with a private profile (-env:UserInstallation=file://PROFILE_DIR, reused between runs so
only the first run creates it) listening on a pipe, connects over UNO, then times only:

  open: Desktop.loadComponentFromURL(FILE, hidden) -- LibreOffice Calc opening the file;
  save: FILE is opened first (not timed), then document.storeToURL(OUT, "Calc MS Excel 2007 XML") -- Calc saving
        the same rows as XLSX.

LibreOffice's own start-up, the UNO connection and the closing are not timed. The soffice process is a separate
process, so its CPU is read from /proc (user + sys of soffice.bin, all its threads) just before and just after the
timed call; peak memory is its VmHWM. Prints one JSON line {ms, cpuMs, rssMb, note} like the bench's Node children.
Needs Debian's python3-uno (`apt-get install -y python3-uno`; the interpreter is /usr/bin/python3).
"""

import json
import os
import subprocess
import sys
import time

import uno  # noqa: E402  (python3-uno)
from com.sun.star.beans import PropertyValue  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def children():
    """pid -> parent pid for every process (to find soffice.bin under the oosplash we started)."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        rest = s[s.rindex(")") + 2 :].split()
        out[int(d)] = int(rest[1])
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def find_soffice_bin(root):
    tree = children()
    seen = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in tree.items():
            if ppid in seen and pid not in seen:
                seen.add(pid)
                changed = True
    for pid in sorted(seen):
        if comm(pid) == "soffice.bin":
            return pid
    return None


def cpu_ms(pid):
    """user + sys of the whole process (all threads), in ms (clock-tick resolution, 10 ms)."""
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2 :].split()
    # Fields 14 and 15 of stat (utime, stime); rest starts at field 3.
    return (int(rest[11]) + int(rest[12])) * 1000.0 / TICK


def peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def main():
    mode, path, profile = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    out = os.path.abspath(sys.argv[4]) if mode == "save" else None
    pipe = f"rrbench{os.getpid()}"
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        deadline = time.monotonic() + 180
        while ctx is None:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            except Exception:  # NoConnectException until soffice listens
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("soffice did not start (or did not accept the UNO connection)")
                time.sleep(0.2)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        pid = find_soffice_bin(proc.pid)
        if pid is None:
            raise RuntimeError("soffice.bin not found under the soffice we started")
        url = uno.systemPathToFileUrl(path)
        load_args = (prop("Hidden", True), prop("ReadOnly", mode == "open"))
        if mode == "open":
            c0, t0 = cpu_ms(pid), time.perf_counter()
            doc = desktop.loadComponentFromURL(url, "_blank", 0, load_args)
            t, c = time.perf_counter() - t0, cpu_ms(pid) - c0
            sheets = doc.Sheets.getCount()
            note = f"{sheets} sheets"
        elif mode == "save":
            doc = desktop.loadComponentFromURL(url, "_blank", 0, load_args)
            store_args = (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True))
            c0, t0 = cpu_ms(pid), time.perf_counter()
            doc.storeToURL(uno.systemPathToFileUrl(out), store_args)
            t, c = time.perf_counter() - t0, cpu_ms(pid) - c0
            note = f"{os.path.getsize(out)} bytes"
        else:
            raise RuntimeError(f"unknown mode {mode}: open or save")
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path}")
        rss = peak_mb(pid)
        doc.close(True)
        print(json.dumps({"ms": t * 1000.0, "cpuMs": c, "rssMb": rss, "note": note}))
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:  # the bridge goes away as soffice exits
            pass
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
