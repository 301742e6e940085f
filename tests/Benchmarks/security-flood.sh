#!/bin/bash
# Flood measurement for docs/benchmarks.md (security section): 700 requests with random registry-shaped bearer
# tokens, 8 in parallel, against the embedded silo; then the audit trail's size before and after the interval.
# Start the silo first, e.g.:
#   Registry__BootstrapAdminToken=flood-measure-bootstrap-token Registry__SiloPort=21104 Registry__GatewayPort=31104 \
#     dotnet src/CalcinosisRegistry.Silo/bin/Release/net10.0/CalcinosisRegistry.Silo.dll --urls http://127.0.0.1:5104
set -u
URL=http://127.0.0.1:5104
ADMIN="Authorization: Bearer flood-measure-bootstrap-token"
before=$(curl -s -H "$ADMIN" $URL/api/admin/audit/verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["entriesChecked"])')
start=$(date +%s.%N)
seq 700 | xargs -P 8 -I{} sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer crt_$(openssl rand -hex 9)_$(openssl rand -hex 32)" '$URL'/api/statistics' | sort | uniq -c
end=$(date +%s.%N)
echo "elapsed: $(echo "$end - $start" | bc) s"
during=$(curl -s -H "$ADMIN" $URL/api/admin/audit/verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["entriesChecked"])')
sleep 12
after=$(curl -s -H "$ADMIN" $URL/api/admin/audit/verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["entriesChecked"])')
echo "audit entries added: right after the flood $((during - before - 1)), after the interval $((after - before - 2)) (the verify requests themselves excluded)"
curl -s -H "$ADMIN" "$URL/api/admin/audit?action=refusals.repeated" | python3 -c 'import json,sys; [print(e["event"]["status"], e["event"]["detail"]) for e in json.load(sys.stdin)["entries"]]'
