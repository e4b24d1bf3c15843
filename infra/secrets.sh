# Sourced by scripts that run the apps locally: makes this checkout's own secrets once
# (a token-signing secret, the personal-data master key and the integrity signing key, in
# .local/secrets, mode 600)
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
if [ -z "${INTEGRITY_SIGNING_KEY:-}${INTEGRITY_SIGNING_KEY_FILE:-}" ]; then
  # The Ed25519 key that signs digests and exports; its public half beside it, for auditors.
  if [ ! -s "$SECRETS_DIR/integrity-signing-key.pem" ]; then
    mkdir -p "$SECRETS_DIR" && chmod 700 "$SECRETS_DIR"
    (umask 077 && node -e "const { generateKeyPairSync } = require('crypto');
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      require('fs').writeFileSync(process.argv[1], privateKey.export({ type: 'pkcs8', format: 'pem' }));
      require('fs').writeFileSync(process.argv[2], publicKey.export({ type: 'spki', format: 'pem' }));" \
      "$SECRETS_DIR/integrity-signing-key.pem" "$SECRETS_DIR/integrity-public-key.pem")
  fi
  export INTEGRITY_SIGNING_KEY_FILE="$SECRETS_DIR/integrity-signing-key.pem"
fi
# Local runs have an operator tenant of their own, for tokens with the Operator role
# (npm run cli -- token --partner "$AUTH_OPERATOR_TENANT_ID" --roles Operator).
export AUTH_OPERATOR_TENANT_ID="${AUTH_OPERATOR_TENANT_ID:-00000000-0000-4000-8000-00000000000f}"
