#!/bin/sh
# Regenerates the test TLS material in this folder.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days $days \
  -subj "/CN=Sesame Test CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -out other-ca.pem -days $days \
  -subj "/CN=Unrelated Test CA" -addext "basicConstraints=critical,CA:TRUE"
leaf () { # name san
  openssl req -newkey rsa:2048 -nodes -keyout "$1-key.pem" -out "$1.csr" -subj "/CN=$1"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out "$1.pem" \
    -days $days -extfile "$1.ext"
  rm -f "$1.csr" "$1.ext"
}
leaf server "IP:127.0.0.1,DNS:localhost"
leaf wrong-host "DNS:example.com"
rm -f ca.srl
