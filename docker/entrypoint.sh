#!/bin/sh
# Starts the fake Zarafa host. Settings (all optional):
#   AUTHORIZED_KEYS   public key line(s) for root (or mount /root/.ssh/authorized_keys)
#   MAX_SESSIONS      sshd MaxSessions (default 10)
#   ZARAFA_USER_PLUGIN  db | ldap | unix (default db)
set -eu
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
if [ -n "${AUTHORIZED_KEYS:-}" ]; then
  printf '%s\n' "$AUTHORIZED_KEYS" > /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
fi
mkdir -p /etc/ssh/sshd_config.d
printf 'MaxSessions %s\n' "${MAX_SESSIONS:-10}" > /etc/ssh/sshd_config.d/zfleet-limits.conf
mkdir -p "$ZARAFA_STATE"
case "${ZARAFA_USER_PLUGIN:-db}" in
  db|ldap|unix) ;;
  *) echo "ZARAFA_USER_PLUGIN must be db, ldap or unix, not '${ZARAFA_USER_PLUGIN}'" >&2; exit 2 ;;
esac
if [ -n "${ZARAFA_USER_PLUGIN:-}" ]; then
  printf '{"userPlugin":"%s"}\n' "$ZARAFA_USER_PLUGIN" > "$ZARAFA_STATE/server.json"
fi
echo "fake zarafa host key: $(cat /etc/ssh/ssh_host_ed25519_key.pub)"
exec /usr/sbin/sshd -D -e
