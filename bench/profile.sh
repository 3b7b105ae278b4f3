#!/usr/bin/env bash
# Profiles one check-list run: bash bench/profile.sh <rows>
# Lists each thread's busy time (the main thread and, for files of 16 MB or more,
# about 110,000 rows, the worker threads of pass 1), then the top functions of
# all threads together. WA_CONSENT_WORKERS=2 forces worker threads on a smaller
# file, WA_CONSENT_WORKERS=0 keeps a larger one on the main thread.
set -euo pipefail
rows=${1:-20000}
BENCH_KEEP=1 BENCH_ROWS=$rows node_modules/.bin/tsx bench/check-list.bench.ts >/dev/null
rm -rf /tmp/wa-prof
node_modules/.bin/node --cpu-prof --cpu-prof-dir=/tmp/wa-prof --import tsx bench/measure-check-list.ts "bench/tmp/list-$rows.csv" /tmp/wa-prof-out
node_modules/.bin/node -e '
const fs=require("fs");const files=fs.readdirSync("/tmp/wa-prof").filter(n=>n.endsWith(".cpuprofile")).sort();
const self=new Map();let busy=0;
for(const f of files){const p=JSON.parse(fs.readFileSync("/tmp/wa-prof/"+f));
const byId=new Map(p.nodes.map(n=>[n.id,n]));let total=0,idle=0;
p.samples.forEach((s,i)=>{const n=byId.get(s);const d=p.timeDeltas[i];total+=d;if(n.callFrame.functionName==="(idle)"){idle+=d;return;}
const k=n.callFrame.functionName+" "+n.callFrame.url.split("/").slice(-2).join("/")+":"+n.callFrame.lineNumber;self.set(k,(self.get(k)||0)+d);});
busy+=total-idle;console.log("thread",f.split(".").slice(-3,-2)[0],"ms",(total/1000).toFixed(0),"busy",((total-idle)/1000).toFixed(0));}
console.log("busy ms, all threads", (busy/1000).toFixed(0));
[...self].sort((a,b)=>b[1]-a[1]).slice(0,30).forEach(([k,t])=>console.log((t/busy*100).toFixed(1)+"%",k));'
