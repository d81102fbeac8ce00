"""LibreOffice's own view of tracked changes, for tests/test_redline.py.

Run by Debian's /usr/bin/python3 (package python3-uno), not by the test venv:

    /usr/bin/python3 tests/lo_redlines.py PIPE_NAME JOBS_JSON

It connects to a soffice already listening on `--accept=pipe,name=PIPE_NAME;urp;`
and, for each job {"docx", "mode", "out"}, opens the file hidden, counts its
tracked changes, applies `mode` (accept: .uno:AcceptAllTrackedChanges, reject:
.uno:RejectAllTrackedChanges, keep: nothing), counts them again and stores the
result as UTF-8 text ("Text (encoded)") or as PDF (an `out` ending in .pdf).
It prints one JSON object per job: {"before": n, "after": n}. A file that does
not load is an error (exit code 1), so a broken .docx fails the test.
"""

import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    result = PropertyValue()
    result.Name, result.Value = name, value
    return result


def connect(pipe, timeout=90):
    """The remote component context; soffice may still be starting."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def count(document):
    enumeration = document.getRedlines().createEnumeration()
    total = 0
    while enumeration.hasMoreElements():
        enumeration.nextElement()
        total += 1
    return total


def run(context, job):
    smgr = context.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    url = uno.systemPathToFileUrl(job["docx"])
    document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if document is None:
        raise SystemExit(f"LibreOffice could not load {job['docx']}")
    try:
        before = count(document)
        if job["mode"] in COMMANDS:
            helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
            frame = document.getCurrentController().getFrame()
            helper.executeDispatch(frame, COMMANDS[job["mode"]], "", 0, ())
        after = count(document)
        if job["out"].endswith(".pdf"):
            options = (prop("FilterName", "writer_pdf_Export"),)
        else:
            options = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"))
        document.storeToURL(uno.systemPathToFileUrl(job["out"]), options)
    finally:
        document.close(True)
    return {"before": before, "after": after}


def main():
    context = connect(sys.argv[1])
    for job in json.loads(sys.argv[2]):
        print(json.dumps(run(context, job)), flush=True)


if __name__ == "__main__":
    main()
    # Every answer is written and flushed: leave without Python's finalisation, where pyuno's
    # bridge may be torn down after the interpreter and crash (a run ended with SIGSEGV, -11,
    # after printing all its lines).
    os._exit(0)
