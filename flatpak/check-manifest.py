#!/usr/bin/python3
# Check the Flatpak manifest against the project's expectations.
#
# Usage: check-manifest.py MANIFEST.json APP_ID
#
# Standard library only, so that it runs with the system python3.
# Exits 1 with a message for every problem found.

import json
import os
import re
import sys

REQUIRED_FINISH_ARGS = ("--share=network", "--socket=wayland")
PROJECT_NAME = "flowdeck"


def project_name(meson_build):
    """Return the name given to project() in a meson.build, or None."""
    try:
        with open(meson_build, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    # Drop comments so that a commented-out project() cannot match.
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    match = re.search(r"\bproject\s*\(\s*(['\"])(.*?)\1", text)
    return match.group(2) if match else None


def check(manifest_path, app_id):
    errors = []

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        return ["cannot read manifest: %s" % e]
    except ValueError as e:
        return ["manifest is not valid JSON: %s" % e]
    if not isinstance(manifest, dict):
        return ["manifest must be a JSON object"]

    manifest_app_id = manifest.get("app-id", manifest.get("id"))
    if manifest_app_id != app_id:
        errors.append("app-id is %r, expected %r" % (manifest_app_id, app_id))

    if manifest.get("runtime") != "org.gnome.Platform":
        errors.append("runtime is %r, expected 'org.gnome.Platform'"
                      % manifest.get("runtime"))
    if manifest.get("sdk") != "org.gnome.Sdk":
        errors.append("sdk is %r, expected 'org.gnome.Sdk'" % manifest.get("sdk"))
    if not manifest.get("runtime-version"):
        errors.append("runtime-version is missing")

    if manifest.get("command") != PROJECT_NAME:
        errors.append("command is %r, expected %r"
                      % (manifest.get("command"), PROJECT_NAME))

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list) or \
       not all(isinstance(a, str) for a in finish_args):
        errors.append("finish-args must be a list of strings")
        finish_args = []
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in finish_args:
            errors.append("finish-args lack %s" % arg)
    for arg in finish_args:
        if arg.startswith("--filesystem"):
            errors.append("finish-args must not grant filesystem access (%s)" % arg)
        elif "home" in arg.lower():
            errors.append("finish-args must not grant home access (%s)" % arg)
        if arg == "--talk-name=org.freedesktop.secrets":
            errors.append("finish-args must not talk to org.freedesktop.secrets: "
                          "libsecret uses the Secret portal inside Flatpak")

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        errors.append("manifest has no modules")
        return errors
    module = modules[-1]
    if not isinstance(module, dict):
        errors.append("the last module must be an object, not a file reference")
        return errors
    name = module.get("name", "<unnamed>")
    if module.get("buildsystem") != "meson":
        errors.append("last module %r uses buildsystem %r, expected 'meson'"
                      % (name, module.get("buildsystem")))

    manifest_dir = os.path.dirname(os.path.abspath(manifest_path))
    dir_sources = [s for s in module.get("sources", [])
                   if isinstance(s, dict) and s.get("type") == "dir"]
    if not dir_sources:
        errors.append("last module %r has no source of type 'dir'" % name)
    else:
        found = False
        tried = []
        for source in dir_sources:
            path = os.path.normpath(os.path.join(manifest_dir, source.get("path", "")))
            tried.append(path)
            if project_name(os.path.join(path, "meson.build")) == PROJECT_NAME:
                found = True
                break
        if not found:
            errors.append("no 'dir' source of module %r resolves to the %s source "
                          "tree (a meson.build with project('%s', ...)); tried: %s"
                          % (name, PROJECT_NAME, PROJECT_NAME, ", ".join(tried)))

    return errors


def main(argv):
    if len(argv) != 3:
        print("usage: %s MANIFEST.json APP_ID" % os.path.basename(argv[0]),
              file=sys.stderr)
        return 1
    manifest_path, app_id = argv[1], argv[2]
    errors = check(manifest_path, app_id)
    if errors:
        for error in errors:
            print("%s: %s" % (manifest_path, error), file=sys.stderr)
        return 1
    print("%s: OK" % manifest_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
