#!/bin/sh
# The fake zarafa-admin (or kopano-admin, by the name it is called with); state in $ZARAFA_STATE.
ZFLEET_FAKE_ARGV0="$0" exec node /opt/zfleet-fake/fake-zarafa-admin.cjs "$@"
