#!/usr/bin/env bash
# busy.sh SECONDS: host busy % (both cores) over SECONDS
read -r _ u n s id io irq sirq st _ < /proc/stat; t0=$((u+n+s+id+io+irq+sirq+st)); i0=$((id+io))
sleep ${1:-1}
read -r _ u n s id io irq sirq st _ < /proc/stat; t1=$((u+n+s+id+io+irq+sirq+st)); i1=$((id+io))
echo $(( 100*( (t1-t0)-(i1-i0) )/(t1-t0) ))
