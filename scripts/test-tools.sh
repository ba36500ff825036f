#!/usr/bin/env bash
# Makes sure the tools the tests build real layers with are on this machine, installing the
# missing ones with apt-get (as root, or through passwordless sudo as on GitHub's runners).
# Ruby and Java layers are built with the runner's tools; tests resolve gems from locally built
# files and Maven artifacts from Debian's /usr/share/maven-repo (no RubyGems or Maven Central).
# Prints one line naming what is missing when it cannot install it, and exits 1.
set -uo pipefail

need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
command -v git >/dev/null 2>&1 || need+=(git)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v ruby >/dev/null 2>&1 || need+=(ruby)
command -v bundle >/dev/null 2>&1 || need+=(ruby-bundler)
command -v make >/dev/null 2>&1 || need+=(make)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
command -v mvn >/dev/null 2>&1 || need+=(maven)
for repo_package in libmaven-dependency-plugin-java:org/apache/maven/plugins/maven-dependency-plugin/3.5.0 \
  junit4:junit/junit/4.x libcommons-lang3-java:org/apache/commons/commons-lang3/3.12.0 \
  libcommons-io-java:commons-io/commons-io/2.11.0; do
  [ -d "/usr/share/maven-repo/${repo_package#*:}" ] || need+=("${repo_package%%:*}")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "The tests need these Debian/Ubuntu packages: ${need[*]}; install them (apt-get install ${need[*]}) or run npm test as root or with passwordless sudo." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need ${need[*]} and this machine has no apt-get; install their equivalents, then run npm test again." >&2
  exit 1
fi
echo "Installing the tools the tests need: ${need[*]}"
if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
  echo "Could not install ${need[*]} with apt-get; install them by hand, then run npm test again." >&2
  exit 1
fi
