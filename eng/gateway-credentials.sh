#!/usr/bin/env bash
# Operator helper for the gateway's credentials (docs/gateway.md).
#   bash eng/gateway-credentials.sh new-key ID PLAN        a new API key: prints the key once (give it to the client)
#                                                          and the keys-file entry (only its SHA-256 hash)
#   bash eng/gateway-credentials.sh token SUBJECT ROLE [TTL_SECONDS] [PLAN]
#                                                          an HS256 bearer token (ROLE "admin" for admin writes;
#                                                          "" for none), signed with $FA_JWT_SIGNING_KEY (base64), or
#                                                          by default the AppHost's local key in $FA_STATE_DIR
set -euo pipefail

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

case "${1:-}" in
  new-key)
    id=${2:?key id}; plan=${3:?rate plan}
    key="fa_$(head -c 32 /dev/urandom | b64url)"
    hash=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
    echo "API key (shown once, never stored): $key" >&2
    printf '"%s": { "Sha256": "%s", "Plan": "%s" }\n' "$id" "$hash" "$plan"
    ;;
  token)
    subject=${2:?subject}; role=${3?role}; ttl=${4:-3600}; plan=${5:-}
    key=${FA_JWT_SIGNING_KEY:-}
    if [ -z "$key" ]; then
      file="${FA_STATE_DIR:-/var/lib/fitnessassistant/apphost}/credentials/gateway.json"
      [ -r "$file" ] || { echo "no FA_JWT_SIGNING_KEY and no $file (start the AppHost once)" >&2; exit 1; }
      # A JSON parser, not a pattern: the file's writer may escape characters of the base64 key (e.g. + as \u002B).
      key=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["SigningKey"])' "$file")
    fi
    now=$(date +%s)
    roles=$([ -n "$role" ] && printf '["%s"]' "$role" || printf '[]')
    claims=$(printf '{"sub":"%s","iss":"fitnessassistant","aud":"fitnessassistant-api","iat":%d,"nbf":%d,"exp":%d,"role":%s%s}' \
      "$subject" "$now" "$now" "$((now + ttl))" "$roles" "$([ -n "$plan" ] && printf ',"plan":"%s"' "$plan")")
    # kid: the first 16 characters of the base64url SHA-256 of the key, as the gateway derives it (docs/gateway.md).
    kid=$(printf '%s' "$key" | base64 -d | openssl dgst -sha256 -binary | b64url | cut -c1-16)
    unsigned="$(printf '{"alg":"HS256","typ":"JWT","kid":"%s"}' "$kid" | b64url).$(printf '%s' "$claims" | b64url)"
    hexkey=$(printf '%s' "$key" | base64 -d | od -An -tx1 -v | tr -d ' \n')
    signature=$(printf '%s' "$unsigned" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | b64url)
    echo "$unsigned.$signature"
    ;;
  *)
    sed -n '2,9p' "$0" >&2; exit 2
    ;;
esac
