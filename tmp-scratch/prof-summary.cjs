const fs=require("fs");const dir=process.argv[2];const files=fs.readdirSync(dir).filter(n=>n.endsWith(".cpuprofile")).sort();
const self=new Map();let busy=0;
for(const f of files){const p=JSON.parse(fs.readFileSync(dir+"/"+f));
const byId=new Map(p.nodes.map(n=>[n.id,n]));let total=0,idle=0;
p.samples.forEach((s,i)=>{const n=byId.get(s);const d=p.timeDeltas[i];total+=d;if(n.callFrame.functionName==="(idle)"){idle+=d;return;}
const k=n.callFrame.functionName+" "+n.callFrame.url.split("/").slice(-3).join("/")+":"+n.callFrame.lineNumber;self.set(k,(self.get(k)||0)+d);});
busy+=total-idle;console.log("profile",f,"ms",(total/1000).toFixed(0),"busy",((total-idle)/1000).toFixed(0));}
[...self].sort((a,b)=>b[1]-a[1]).slice(0,+(process.argv[3]||35)).forEach(([k,t])=>console.log((t/busy*100).toFixed(1)+"%",k));
