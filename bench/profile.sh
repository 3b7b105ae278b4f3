#!/usr/bin/env bash
# Profiles one check-list run: bash bench/profile.sh <rows>
set -euo pipefail
rows=${1:-20000}
BENCH_KEEP=1 BENCH_ROWS=$rows npm run --silent bench >/dev/null
rm -rf /tmp/wa-prof
node_modules/.bin/node --cpu-prof --cpu-prof-dir=/tmp/wa-prof --import tsx bench/measure-check-list.ts "bench/tmp/list-$rows.csv" /tmp/wa-prof-out
node_modules/.bin/node -e '
const fs=require("fs");const f=fs.readdirSync("/tmp/wa-prof").find(n=>n.endsWith(".cpuprofile"));const p=JSON.parse(fs.readFileSync("/tmp/wa-prof/"+f));
const byId=new Map(p.nodes.map(n=>[n.id,n]));const total=p.timeDeltas.reduce((a,b)=>a+b,0);
const self=new Map();p.samples.forEach((s,i)=>{const n=byId.get(s);const k=n.callFrame.functionName+" "+n.callFrame.url.split("/").slice(-2).join("/")+":"+n.callFrame.lineNumber;self.set(k,(self.get(k)||0)+p.timeDeltas[i]);});
console.log("total ms", (total/1000).toFixed(0));
[...self].sort((a,b)=>b[1]-a[1]).slice(0,30).forEach(([k,t])=>console.log((t/total*100).toFixed(1)+"%",k));'
