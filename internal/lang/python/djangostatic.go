package python

// staticOnlyName is the script that keeps, of what collectstatic (and compress) wrote in /app,
// STATIC_ROOT only: `list` records the tree's paths; `clean` removes the paths made since, but
// STATIC_ROOT, what is below it and the directories above it, and says which it removed
// (bytecode of the import aside, which compileall writes after).
const staticOnlyName = "django-static-only.py"

const staticOnlyScript = `import os, shutil, sys, tempfile

LIST = os.path.join(tempfile.gettempdir(), "multistage-frontend-app-files")


def tree(top):
    out = set()
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            out.add(os.path.relpath(os.path.join(root, name), top))
    return out


top = sys.argv[2]
if sys.argv[1] == "list":
    with open(LIST, "w") as f:
        f.write("\0".join(sorted(tree(top))))
    sys.exit(0)
keep = os.path.normpath(sys.argv[3])
with open(LIST) as f:
    before = set(f.read().split("\0"))
os.remove(LIST)
removed = []
for p in sorted(tree(top) - before, reverse=True):
    if p == keep or p.startswith(keep + "/") or keep.startswith(p + "/"):
        continue
    full = os.path.join(top, p)
    if not os.path.lexists(full):
        continue
    if os.path.isdir(full) and not os.path.islink(full):
        shutil.rmtree(full)
    else:
        os.remove(full)
    if "__pycache__" not in p.split("/"):
        removed.append(p)
removed = [p for p in removed if not any(p.startswith(q + "/") for q in removed)]
if removed:
    print("multistage-frontend: left out of the image, written in %s by importing the Django settings at build time"
          " (the image ships STATIC_ROOT %s of what collectstatic wrote): %s" % (top, keep, ", ".join(sorted(removed))), file=sys.stderr)
`
