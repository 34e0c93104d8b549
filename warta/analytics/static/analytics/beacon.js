/* Warta counting: docs/subsystems/analytics.md#counting */
(function(d,n){
var c=d.currentScript.dataset,N=Date.now,A=N(),t0=A,M=0,S=0,L=120,T;
function send(o){o.s=+c.s;o.a=+c.a;n.sendBeacon("/_e",new Blob([JSON.stringify(o)],{type:"text/plain"}))}
send({k:"v",r:d.referrer});
if(n.doNotTrack==1||n.globalPrivacyControl)return;
function depth(){var p=Math.round((scrollY+innerHeight)*100/d.documentElement.scrollHeight);if(p>M)M=Math.min(p,100)}
function ping(){var t=N(),e=Math.min(30,Math.round((t-t0)/1e3));t0=t;
if(e&&t-A<=15e3&&L){depth();send({k:"p",e:e,d:M-S});S=M;if(!--L)clearInterval(T)}}
function end(){if(T){ping();clearInterval(T);T=0}}
function seen(){if(d.visibilityState!="visible")return end();
if(!T&&L){A=t0=N();T=setInterval(ping,15e3)}}
"scroll keydown pointerdown pointermove".split(" ").forEach(function(k){addEventListener(k,function(){A=N();depth()},{passive:1})});
d.addEventListener("visibilitychange",seen);addEventListener("pagehide",end);
depth();seen()
})(document,navigator);
