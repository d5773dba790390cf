package answer
import ("testing";"os";"strings";"fmt";"context";"github.com/reportbot/reportbot/corpus";"github.com/reportbot/reportbot/index";"github.com/reportbot/reportbot/store")
func TestDebugQ(t *testing.T){
 if os.Getenv("Q")==""{t.Skip()}
 qs:=strings.Split(os.Getenv("Q"),"|")
 st,err:=store.Open(context.Background(),"/tmp/rb3",store.Options{}); if err!=nil{t.Fatal(err)}
 rs,_:=st.Parsed(); ix,_:=index.Build(t.Context(),"",rs,index.Options{})
 e:=New(ix)
 for _,q:=range qs{ q=simplified(q); qr,_:=e.queryTerms(q); in:=detectIntent(q)
  s:=""; for _,x:=range qr.terms{s+=fmt.Sprintf(" %s[g%d %.2f f%.1f k%v t%v]",x.text,x.group,x.idf,x.factor,x.known,x.topical)}
  t.Logf("%s\n terms:%s\n weights:%v pins:%q intent:%+v",q,s,qr.weights,qr.pins,in)
  hits,_:=ix.Search(t.Context(),expand(qr.terms),20); rk:=rank(hits,qr,in)
  for i,c:=range rk{ if i>=3{break}; t.Logf("  cov %.2f str %.2f score %.2f %v %s", c.coverage,c.strongest,c.score,c.matched,corpus.Shorten(c.hit.Passage.Text,40))}
  a,_:=e.Ask(t.Context(),q); t.Logf(" found=%v",a.Found)
 }}

func TestDebugCeiling(t *testing.T){
 if os.Getenv("CEIL")==""{t.Skip()}
 st,_:=store.Open(context.Background(),"/tmp/rb3",store.Options{})
 rs,_:=st.Parsed(); ix,_:=index.Build(t.Context(),"",rs,index.Options{})
 e:=New(ix); e.NoRefusal=true
 for _,f:=range strings.Split(os.Getenv("CEIL"),","){
  b,_:=os.ReadFile(f)
  for _,line:=range strings.Split(string(b),"\n"){ c:=strings.Split(line,"\t"); if len(c)<3||strings.HasPrefix(line,"#"){continue}
   a,_:=e.Ask(t.Context(),c[0]); if a.Passage==nil || !strings.Contains(strings.ReplaceAll(a.Passage.Text," ",""),c[2]){ got:="nil"; if a.Passage!=nil{got=corpus.Shorten(a.Passage.Text,50)}; t.Logf("%s | want %s | got %s",c[0],c[2],got)}
  }}
}

func TestDebugDist(t *testing.T){
 if os.Getenv("DIST")==""{t.Skip()}
 st,_:=store.Open(context.Background(),"/tmp/rb3",store.Options{})
 rs,_:=st.Parsed(); ix,_:=index.Build(t.Context(),"",rs,index.Options{})
 e:=New(ix)
 show:=func(q,label string){ q2:=simplified(q); qr,_:=e.queryTerms(q2); in:=detectIntent(q2); hits,_:=ix.Search(t.Context(),expand(qr.terms),20)
   hits=onlyYears(hits,corpus.Years(q2)); hits=saying(hits,qr.pins); rk:=rank(hits,qr,in); if len(rk)==0{t.Logf("%s NONE %s",label,q);return}
   unk:=""; for _,x:=range qr.terms{ if !x.known && x.factor==1 {unk+=x.text+" "}}
   t.Logf("%s cov=%.2f str=%.1f unk=[%s] %s",label,rk[0].coverage,rk[0].strongest,unk,q)}
 for _,f:=range strings.Split(os.Getenv("DIST"),","){
  b,_:=os.ReadFile(f)
  neg:=strings.Contains(f,"negatives")
  for _,line:=range strings.Split(string(b),"\n"){ c:=strings.Split(line,"\t"); if len(c)<1||c[0]==""||strings.HasPrefix(line,"#"){continue}
   if neg { show(c[0],"NEG") } else if len(c)>=3 { e.NoRefusal=true; a,_:=e.Ask(t.Context(),c[0]); e.NoRefusal=false; if a.Passage!=nil && strings.Contains(strings.ReplaceAll(a.Passage.Text," ",""),c[2]) { b,_:=e.Ask(t.Context(),c[0]); if !b.Found {show(c[0],"POS-REFUSED")} } }
  }}
}

func TestDebugUnknownSub(t *testing.T){
 if os.Getenv("SUB")==""{t.Skip()}
 st,_:=store.Open(context.Background(),"/tmp/rb3",store.Options{})
 rs,_:=st.Parsed(); ix,_:=index.Build(t.Context(),"",rs,index.Options{})
 var all strings.Builder; for _,r:=range rs{ for _,p:=range r.Passages{ all.WriteString(p.Text+"\n")}}
 e:=New(ix); n,hit:=0,0
 for _,f:=range strings.Split(os.Getenv("SUB"),","){
  b,_:=os.ReadFile(f)
  for _,line:=range strings.Split(string(b),"\n"){ c:=strings.Split(line,"\t"); if len(c)<3||strings.HasPrefix(line,"#"){continue}
   qr,_:=e.queryTerms(simplified(c[0]))
   for _,x:=range qr.terms{ if !x.known && x.factor==1 && len([]rune(x.text))>=2 { n++; if strings.Contains(all.String(),x.text){hit++; t.Logf("substring: %s in %s",x.text,c[0])}}}
  }}
 t.Logf("unknown words %d, found as substrings %d",n,hit)
}
