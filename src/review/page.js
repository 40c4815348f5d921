(function(){
"use strict";
var items=Array.prototype.slice.call(document.querySelectorAll("#findings li.item"));
var cur=-1;
function q(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
function apply(){
  var sev={};q(".f-sev").forEach(function(c){if(c.checked)sev[c.value]=1;});
  var rule=document.getElementById("f-rule").value,file=document.getElementById("f-file").value;
  var hide={},n=0;
  items.forEach(function(li){
    var ok=!!sev[li.dataset.sev]&&(!rule||li.dataset.rule===rule)&&(!file||li.dataset.file===file);
    li.hidden=!ok;if(ok)n++;else hide[li.dataset.i]=1;
  });
  q("mark[data-i]").forEach(function(m){m.classList.toggle("off",!!hide[m.dataset.i]);});
  q(".item-x,.notes li").forEach(function(x){x.hidden=!!hide[x.dataset.i];});
  q("section.doc").forEach(function(s){s.hidden=!!file&&s.dataset.file!==file;});
  var shown=document.getElementById("shown");shown.textContent=shown.dataset.fmt.replace("{n}",n).replace("{total}",items.length);
}
function go(i){
  if(i<0||i>=items.length)return;
  cur=i;
  items.forEach(function(x){x.classList.remove("current");});
  var li=items[i];li.classList.add("current");
  li.scrollIntoView({block:"nearest"});
  var m=document.getElementById("f"+li.dataset.i);
  if(m){m.scrollIntoView({block:"center"});m.focus({preventScroll:true});}
}
function step(d){
  var vis=[];items.forEach(function(x,i){if(!x.hidden)vis.push(i);});
  if(!vis.length)return;
  var k;
  if(d>0){k=vis.filter(function(i){return i>cur;})[0];if(k===undefined)k=vis[0];}
  else{var b=vis.filter(function(i){return i<cur;});k=b.length?b[b.length-1]:vis[vis.length-1];}
  go(k);
}
q(".f-sev").forEach(function(c){c.addEventListener("change",apply);});
document.getElementById("f-rule").addEventListener("change",apply);
document.getElementById("f-file").addEventListener("change",apply);
document.getElementById("findings").addEventListener("click",function(e){
  var a=e.target.closest("a[data-target]");if(!a)return;
  e.preventDefault();go(items.indexOf(a.closest("li")));
});
document.addEventListener("focusin",function(e){
  var m=e.target;if(!m.matches||!m.matches("mark.hl"))return;
  for(var i=0;i<items.length;i++){if(items[i].dataset.i===m.dataset.i){
    cur=i;items.forEach(function(x){x.classList.remove("current");});
    items[i].classList.add("current");items[i].scrollIntoView({block:"nearest"});break;}}
});
document.addEventListener("keydown",function(e){
  if(e.ctrlKey||e.metaKey||e.altKey)return;
  var t=e.target.tagName;if(t==="INPUT"||t==="SELECT"||t==="TEXTAREA")return;
  if(e.key==="j"||e.key==="n"){e.preventDefault();step(1);}
  else if(e.key==="k"||e.key==="p"){e.preventDefault();step(-1);}
});
})();
