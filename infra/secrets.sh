# Sourced by scripts that run the apps locally: makes this checkout's own secrets once
# (a token-signing secret and the personal-data master key, in .local/secrets, mode 600)
# and points the apps at them, unless the environment already configures its own.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
SECRETS_DIR="$LOCAL_DIR/secrets"

_local_secret() { # FILE BYTES
  if [ ! -s "$1" ]; then
    mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"
    (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes($2).toString('base64'))" > "$1")
  fi
}

if [ -z "${AUTH_JWT_SECRET:-}${AUTH_JWT_SECRET_FILE:-}${AUTH_JWT_PUBLIC_KEY:-}${AUTH_JWT_PUBLIC_KEY_FILE:-}${AUTH_JWKS_URL:-}" ]; then
  _local_secret "$SECRETS_DIR/jwt-secret" 48
  export AUTH_JWT_SECRET_FILE="$SECRETS_DIR/jwt-secret"
fi
if [ -z "${PERSONAL_DATA_MASTER_KEY:-}${PERSONAL_DATA_MASTER_KEY_FILE:-}" ]; then
  _local_secret "$SECRETS_DIR/personal-data-master-key" 32
  export PERSONAL_DATA_MASTER_KEY_FILE="$SECRETS_DIR/personal-data-master-key"
fi
# Local runs have an operator tenant of their own, for tokens with the Operator role
# (npm run cli -- token --partner "$AUTH_OPERATOR_TENANT_ID" --roles Operator).
export AUTH_OPERATOR_TENANT_ID="${AUTH_OPERATOR_TENANT_ID:-00000000-0000-4000-8000-00000000000f}"
