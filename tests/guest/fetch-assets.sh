#!/usr/bin/env bash
# fetch-assets.sh: Debian s390x guest assets for qemu-zvm's tests and demo.
#
# Kernels: the current linux-image-*-s390x of each suite in $KERNEL_SUITES
# (bookworm: 6.1, trixie: 6.12, sid: 7.x), resolved through the
# linux-image-s390x metapackage. Userland: busybox-static and the tools
# later scenarios run (util-linux: lsmem/chmem, s390-tools: vmcp) with the
# library packages they depend on, from $USERLAND_SUITE.
#
# Everything is fetched with a private apt configuration (scripts/papt)
# and cached; $ASSETS/manifest records the exact package versions.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
assets=${ZVM_ASSETS:-$top/.cache/assets}
papt=$top/scripts/papt
kernel_suites=${KERNEL_SUITES:-bookworm trixie sid}
userland_suite=${USERLAND_SUITE:-trixie}
userland_pkgs=(busybox-static util-linux s390-tools)
# util-linux pre-depends on PAM and systemd libraries that lsmem and chmem
# do not load; the initramfs builder checks the real closure.
skip_pkgs='^(libpam|libsystemd|libaudit|libcurl|libssl|libglib|libfuse|libjson|libncurses|libgnutls|libkrb|libldap|libnghttp|libpsl|librtmp|libssh|libzstd|libbrotli|libidn|libgssapi|libsasl|libp11|libffi|libunistring|libtasn|libhogweed|libnettle|libgmp|libk5|libcom-err|libkeyutils|libmd|libbsd|libsemanage|libsepol|libaudit|libcap2|libdb|libeconf|libgcrypt|liblz4|liblzma|libgpg)'

show_manifest() {
    echo "fetch-assets: assets in $assets:" >&2
    grep -E "^(linux-image-[^ ]*|busybox-static|util-linux|s390-tools) " \
        "$assets/manifest" | sed 's/^/  /' >&2
}

# Fetched less than a day ago: check for new package versions only then
# (or when ZVM_REFRESH_ASSETS is set).
fresh=$(find "$assets/manifest" -mmin -1440 2>/dev/null || true)
if [[ -n $fresh && -z ${ZVM_REFRESH_ASSETS:-} && -e $assets/userland/.done ]]; then
    complete=1
    for suite in $kernel_suites; do
        [[ -e $assets/kernels/$suite/release ]] || complete=
    done
    if [[ -n $complete ]]; then
        show_manifest
        exit 0
    fi
fi

deb_dir=$assets/debs
mkdir -p "$deb_dir"
manifest=$assets/manifest.new
: >"$manifest"

# download SUITE PKG: fetch the candidate .deb of PKG (cached), print its path
download() {
    local suite=$1 pkg=$2 ver file
    ver=$("$papt" "$suite" s390x apt-cache policy "$pkg" |
          sed -n 's/^  Candidate: //p')
    if [[ -z $ver || $ver == "(none)" ]]; then
        echo "fetch-assets: no s390x package $pkg in $suite" >&2
        return 1
    fi
    file=$deb_dir/${pkg}_${ver#*:}_s390x.deb
    file=${file//:/%3a}
    if [[ ! -s $file ]]; then
        (cd "$deb_dir" && "$papt" "$suite" s390x apt-get download "$pkg=$ver" >&2)
    fi
    [[ -s $file ]] || file=$(ls "$deb_dir/${pkg}_"*"_s390x.deb" | tail -n 1)
    echo "$pkg $suite $ver" >>"$manifest"
    echo "$file"
}

# lib_closure SUITE PKG...: PKG plus the lib* packages they depend on
lib_closure() {
    local suite=$1; shift
    "$papt" "$suite" s390x apt-cache depends --recurse --no-recommends \
        --no-suggests --no-conflicts --no-breaks --no-replaces \
        --no-enhances "$@" |
        sed -n 's/^ *\(Pre\)\{0,1\}Depends: \([a-z0-9.+-]*\)$/\2/p' |
        grep -E '^lib' | grep -Ev "$skip_pkgs" | sort -u
}

for suite in $kernel_suites "$userland_suite"; do
    "$papt" "$suite" s390x update
done

for suite in $kernel_suites; do
    kpkg=$("$papt" "$suite" s390x apt-cache depends linux-image-s390x |
           sed -n 's/^  Depends: \(linux-image-[0-9].*-s390x\)$/\1/p' | head -n 1)
    [[ -n $kpkg ]] || { echo "fetch-assets: no kernel in $suite" >&2; exit 1; }
    kver=${kpkg#linux-image-}
    dest=$assets/kernels/$suite
    # sid splits the image into linux-{binary,modules,base}-$kver packages
    kdebs=()
    for p in $kpkg $("$papt" "$suite" s390x apt-cache depends "$kpkg" |
                     sed -n "s/^  Depends: \(linux-[a-z]*-$kver\)\$/\1/p" |
                     sort -u); do
        kdebs+=("$(download "$suite" "$p")")
    done
    if [[ ! -e $dest/$kver.done ]]; then
        echo "fetch-assets: unpacking $kpkg ($suite)" >&2
        rm -rf "$dest"
        mkdir -p "$dest/root"
        for deb in "${kdebs[@]}"; do
            dpkg-deb -x "$deb" "$dest/root"
        done
        for moddir in usr/lib lib; do
            if [[ -d $dest/root/$moddir/modules/$kver ]]; then
                ln -sfn "root/$moddir/modules/$kver" "$dest/modules"
                break
            fi
        done
        # 7.x keeps the image beside its modules, older ones in /boot
        for img in "root/boot/vmlinuz-$kver" "root/$moddir/modules/$kver/vmlinuz"; do
            [[ -e $dest/$img ]] && ln -sf "$img" "$dest/vmlinuz"
        done
        # Debian generates modules.dep at install time; so do we
        [[ -e $dest/root/lib ]] || ln -s usr/lib "$dest/root/lib"
        /sbin/depmod -b "$dest/root" "$kver"
        [[ -e $dest/vmlinuz && -e $dest/modules/modules.dep ]] ||
            { echo "fetch-assets: $kpkg has no kernel image or modules" >&2; exit 1; }
        echo "$kver" >"$dest/release"
        touch "$dest/$kver.done"
    fi
done

userland=$assets/userland
stamp=$(lib_closure "$userland_suite" "${userland_pkgs[@]}" | tr '\n' ' ')
debs=()
for pkg in "${userland_pkgs[@]}" $stamp; do
    debs+=("$(download "$userland_suite" "$pkg")")
done
if [[ ! -e $userland/.done ]] || [[ $(cat "$userland/.done") != "${debs[*]}" ]]; then
    echo "fetch-assets: unpacking userland (${#debs[@]} packages)" >&2
    rm -rf "$userland"
    mkdir -p "$userland"
    # merged /usr: the top-level links come from the installer, not a .deb
    mkdir -p "$userland/usr/lib" "$userland/usr/bin" "$userland/usr/sbin"
    for d in lib bin sbin; do
        ln -s "usr/$d" "$userland/$d"
    done
    for deb in "${debs[@]}"; do
        dpkg-deb -x "$deb" "$userland"
    done
    echo "${debs[*]}" >"$userland/.done"
fi

mv "$manifest" "$assets/manifest"
show_manifest
