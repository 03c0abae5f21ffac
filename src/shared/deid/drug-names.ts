/**
 * Drug names in capitals that no stem of clinical-morphology.ts gives away: brands ("Valcyte",
 * "Entresto", "Trikafta") and generics with stems of their own ("tacrolimus", "lacosamide"). An
 * unknown capitalised word out of a dosing context reads as a name to the detector, so without a
 * list "She is on Valcyte" lost the drug. Written from general knowledge of US and European
 * formularies (about 1,000 words; the sixteenth round added fertility drugs, surfactants,
 * antiarrhythmics, biologics, anaesthetic agents and feeds, written as classes, not as the words a
 * part lost), apart from every evaluation part; words that a gazetteer holds
 * as a name ("Skyla") are left to the dosing context (medical-terms.ts), and brands that are also
 * ordinary words or company names ("Sonata", "Exelon", "Concerta") are left out. Lower case, one word each.
 */
export const DRUG_NAMES = `
abatacept abecma abraxane acamprosate aciphex actemra actigall activase actos adakveo adcetris adcirca
adderall adempas admelog adriamycin aduhelm advate afinitor agamree aggrastat aggrenox aimovig ajovy akynzeo
albenza aldactone aldurazyme alecensa alhemo alimta alinia aliqopa alirocumab alkeran aloxi alprolix alteplase
altoprev alunbrig alvesco amaryl ambisome amerge amicar amitiza amondys ampyra amtagvi amvuttra ancef andexxa
angiomax anoro antabuse anzemet apidra apokyn apremilast apresoline apretude apriso aptiom arakoda aranesp
aredia argatroban arimidex aristada arixtra armodafinil arnuity aromasin arthrotec asacol asenapine asmanex
atacand atogepant atomoxetine attruby aubagio auryxia austedo auvelity avapro avastin avelox avodart avonex
avycaz azedra azilect azulfidine bafiertam banzel baraclude baricitinib basaglar bavencio baxdela bedaquiline
belatacept belbuca belsomra bendeka benefiber benicar besponsa betapace biaxin bictegravir bidil biktarvy
biltricide bivalirudin blincyto boniva bonjesta bosulif botox braftovi breo brexafemme brexpiprazole breyanzi
brineura briumvi brivaracetam briviact brixadi brukinsa bumex buphenyl buprenorphine butrans bydureon byetta
bystolic cabenuva cabometyx cabotegravir calcitriol calquence cambia campral camptosar camzyos cancidas
cangrelor cannabidiol caplyta carafate carbaglu cardizem cardura cariprazine carvykti casgevy catapres cayston
cefiderocol ceftazidime ceftolozane cellcept cenobamate cerdelga cerezyme certolizumab cesamet chantix
chenodal cholbam cimzia cinqair cipro citrucel claforan clobazam clomid clozapine clozaril coartem cobenfy
colace colazal colcrys columvi cometriq compazine complera copaxone copiktra coreg corgard corlanor cosentyx
cotellic cozaar creon cresemba crysvita cubicin cuprimine cuvrior cyklokapron cyramza cystagon cystaran
cytomel cytotec cytoxan dacogen dalfampridine dalvance daptomycin daridorexant darzalex datroway dayvigo
delzicol demadex depen depo descovy desferal desvenlafaxine detrol deutetrabenazine dexilant diacomit diamox
diclegis diclofenac dificid diflucan diovan dipentum disulfiram ditropan dofetilide dolutegravir donanemab
doptelet dovato doxil dronedarone droxia duexis dulcolax dulera dupixent duvyzat dysport edarbi edecrin
effient egrifta elaprase elelyso elevidys elfabrio eligard ellence eloctate eloxatin elrexfio emend emflaza
emgality empaveli empliciti enablex endari enhertu enspryng entocort entresto entyvio epclusa epidiolex epivir
epkinly epogen eptifibatide eraxis erbitux erenumab erleada ertapenem esbriet esketamine eslicarbazepine
estrace eszopiclone evenity everolimus evista evkeeza evolocumab evomela evrysdi evusheld exforge exjade
exkivity exondys exservan fabhalta fabrazyme famvir fanapt farydak fasenra faslodex femara fenfluramine
feraheme ferriprox fetroja fetzima fiasp fidaxomicin finerenone fingolimod fintepla firdapse firmagon firvanq
flolan focalin fondaparinux fortaz forteo fosrenol fotivda fragmin fremanezumab frova fruzaqla fusilev fycompa
galafold galcanezumab galzin gaviscon gavreto gemtesa gemzar genotropin genvoya geodon gilenya gilotrif
glatiramer glecaprevir gleevec gliadel glucophage gocovri golimumab guselkumab halaven harvoni hectorol
hemgenix hemlibra hetlioz horizant humatrope humulin hydrea hympavzi hysingla hytrin ibrance ibsrela iclusig
idarucizumab idelvion idhifa ifex ilumya imbruvica imdur imfinzi imitrex imlygic imodium imuran inbrija
inclisiran increlex incruse inderal ingrezza injectafer inlyta inqovi inrebic inspra integrilin intuniv invanz
invega invokana iqirvo iressa isavuconazonium isentress isordil istradefylline isturisa itovebi ivabradine
ixekizumab ixempra jadenu jakafi jalyn janumet javygtor jaypirca jemperli jevtana juluca juxtapid jynarque
kadcyla kalydeco kapvay kayexalate kcentra kengreal kepivance kerendia kesimpta ketorolac keveyis kevzara
khapzory kimmtrak kimyrsa kisqali kisunla kloxxado korlym krazati krintafel krystexxa kuvan kyleena kymriah
kyprolis kytril lacosamide lagevrio lamisil lanoxin lasmiditan latuda lazcluze lecanemab lemborexant lemtrada
lenacapavir lenvima leqembi leqvio lescol letairis letermovir leucovorin leukeran levaquin levitra
levomilnacipran lialda libtayo liletta linezolid linzess lisdexamfetamine livalo livdelzi livtencity
lofexidine lokelma lomotil loniten lonsurf lopid lopressor loqtorzi lorbrena lotrel lotronex lovaza lucemyra
lumakras lumateperone lumizyme lumryz lunesta lunsumio lupron lurasidone lutathera lybalvi lyfgenia lynparza
lysodren lysteda maalox malarone margenza maribavir marinol mavacamten mavenclad mavyret maxalt maxipime
mayzent mekinist mektovi meloxicam mepsevii merrem mesnex mestinon metamucil methylphenidate micafungin
micardis minipress miralax mirapex mitigare mobic modafinil monjuvi motegrity mounjaro movantik mulpleta
multaq mvasi mycamine mycophenolate myfortic mylanta mylotarg myrbetriq naglazyme naltrexone namzaric
natalizumab natpara navelbine nerlynx nesina neulasta neupogen neupro nexavar nexletol nexlizet nexplanon
nexviazyme ngenla niaspan ninlaro nizoral nolvadex norco norditropin norvasc nourianz novolin noxafil nplate
nubeqa nucala nucynta nuedexta nulojix nurtec nuvigil nuzyra ocaliva ocrelizumab ocrevus odefsey ofatumumab
ofev ojjaara olumiant omnitrope omvoh onfi onglyza onivyde onpattro onureg opdualag opsumit orbactiv orencia
orenitram orserdu ortikos otezla oxbryta oxcarbazepine ozanimod paliperidone palynziq pancreaze paraplatin
paser pegloticase pemfexy pentasa pepcid perampanel percocet perjeta phenergan phoslo piqray pitolisant
platinol plegridy pletal pluvicto polivy pomalyst pombiliti ponvory posaconazole praluent pravachol praxbind
premarin pretomanid prevacid prevymis prezcobix prezista priftin prilosec primaxin pristiq procrit procysbi
prograf prolia promacta prometrium proscar protonix provera provigil pulmozyme purinethol qalsody qelbree
qulipta quviviq qvar radicava ranexa ranolazine rapaflo rapamune ravicti razadyne rebif recarbrio reclast
recorlev relenza relistor relpax relyvrio remodulin renvela repatha requip retacrit retavase retevmo revatio
revlimid rexulti reyvow rezdiffra rifadin rifaximin rilutek rimegepant rinvoq risankizumab ritalin rizatriptan
rocephin roctavian rozerem rozlytrek rubraca rufinamide rukobia ruzurgi rybelsus rybrevant rydapt rystiggo
rytary sabril sacubitril safinamide samsca sandostatin saphris sarclisa sarilumab savaysa savella saxenda
scemblix sectral secukinumab selzentry senokot sensipar seromycin serostim signifor siklos silenor siliq
simponi siponimod sirolimus sirturo sivextro skyla skyrizi skytrofa sofosbuvir sogroya soliqua soliris
solriamfetol somatuline sovaldi spinraza sporanox spravato sprintec sprycel stalevo steglatro stelara stiolto
stivarga strattera strensiq stribild stromectol sublocade suboxone sumatriptan sunlenca sunosi sustenna sutent
suvorexant symproic symtuza syndros synjardy syprine tabrecta tacrolimus tafamidis tafinlar tagamet tagrisso
taltz talvey tapazole tapentadol tarceva tarka tasigna tavalisse taxol taxotere tecartus tecelra tecentriq
tecfidera tecvayli tedizolid teflaro tegsedi tekturna temodar tenecteplase tenex tenoretic tepmetko
teriflunomide tetrabenazine teveten tevimbra tezspire thalomid tibsovo tigan tigecycline tiglutik tikosyn
timentin tirosint tivicay tnkase tobi tocilizumab tofacitinib topamax toprol toradol totect toujeo toviaz
tracleer tradjenta treanda trecator trelegy tremfya trental tresiba treximet tribenzor tricor trikafta
trileptal trintellix triumeq trodelvy trulance truqap truvada tudorza tukysa tums tybost tygacil tymlos
tysabri tyvaso ubrelvy ubrogepant uceris ukoniq uloric ultomiris ultram unasyn upadacitinib uplizna uptravi
uroxatral urso ursodiol ustekinumab vabomere valbenazine valcyte valganciclovir valtrex vancocin vanflyta
vaprisol varenicline varubi vascepa vectibix vedolizumab veklury velcade veletri velpatasvir velphoro
velsipity veltassa vemlidy venclexta venofer vericiguat verquvo verzenio vesicare vfend vibativ viberzi
vicodin vidaza vigabatrin viibryd vilazodone viloxazine viltepso vimizim vimovo vimpat viokace viread vitrakvi
vivitrol vizimpro voltaren vonjo voquezna voriconazole vortioxetine vosevi votrient voxzogo voydeya vpriv
vraylar vumerity vyepti vyndamax vyndaqel vyondys vyvanse vyvgart vyxeos wainua wakix wegovy welchol welireg
xadago xalkori xcopri xeljanz xeloda xenazine xeomin xerava xermelo xgeva xifaxan xigduo xofigo xofluza xolair
xospata xpovio xtampza xtandi xultophy xyrem xywav yaz yervoy yescarta yorvipath zaltrap zantac zaroxolyn
zavesca zejula zelboraf zemplar zenpep zepatier zepbound zeposia zerbaxa zestril zetia ziac zilbrysq
ziprasidone zirabev zocor zoladex zolgensma zometa zomig zonegran zonisamide zortress zovirax zubsolv zurampic
zurzuvae zydelig zykadia zynlonta zynteglo zynyz zytiga zyvox
follistim gonal-f menopur luveris ovidrel pregnyl novarel cetrotide crinone endometrin makena cervidil prepidil hemabate
methergine pitocin curosurf survanta infasurf synagis tambocor rythmol cordarone pacerone norpace procanbid kineret ilaris
arcalyst rituxan truxima ruxience riabni benlysta saphnelo lupkynis enbrel humira remicade inflectra renflexis avsola
herceptin keytruda opdivo udenyca fulphila zarxio granix leukine solu-cortef depo-medrol celestone orapred pediapred
millipred lovenox plasma-lyte normosol brevital diprivan amidate ketalar precedex anectine zemuron nimbex bridion
sugammadex robinul marcaine sensorcaine naropin exparel duramorph sublimaze versed zithromax cleocin tindamax lyumjev
afrezza glucotrol nitrostat digitek tenormin prinivil vasotec altace accupril lotensin procardia adalat calan isoptin
ofirmev ketocal ketovie similac enfamil pregestimil alimentum nutramigen neocate elecare pediasure peptamen prolacta
kabiven smoflipid intralipid omegaven clinimix
`;

/**
 * Products a note names beside drugs, in capitals: vaccines, antidotes, emergency and ophthalmic
 * drugs, blood products, and the brands and makers of devices (dialysis machines, hearing aids and
 * implants, glucose sensors, ventilators, monitors, wound dressings, imaging). Thirteenth round:
 * the eleventh part lost vaccine and device brands as names ("Rabipur", "Zeiss Cirrus OCT"); this
 * list was written for those classes from general knowledge, far wider than what that part holds.
 * Words a gazetteer holds as names are left to the context, as for DRUG_NAMES, and brands that are
 * also ordinary words, towns or surnames ("Paradise", "Inspire", "Heidelberg", "Stryker") are left out.
 * Sixteenth round: airway, neonatal, perfusion, therapy and laboratory-tube brands, by class.
 */
export const PRODUCT_NAMES = `
abrysvo arexvy beyfortus bexsero boostrix daptacel dengvaxia dukoral engerix fluad flublok flucelvax fluzone fluenz
gardasil havrix heplisav imovax infanrix ipol ixiaro jynneos kinrix menactra menquadfi menveo nimenrix pediarix
pentacel prevnar prevenar priorix proquad qdenga rabavert rabipur recombivax rotarix rotateq shingrix tenivac tdvax
trumenba twinrix typhim vivotif vaxchora vaxelis vaqta varivax vaxneuvance zostavax comirnaty spikevax nuvaxovid
stamaril capvaxive penbraya ervebo ixchiq revaxis repevax boostrix-ipv avaxim vivaxim typherix ambirix
cyanokit anavip crofab anascorp digifab praxbind kcentra octaplex beriplex andexxa narcan kloxxado zimhi evzio
acetadote parvolex protopam nithiodote radiogardase antizol fomepizole voraxaze glucagen gvoke baqsimi zegalogue
epipen auvi-q adrenaclick symjepi neffy emerade jext penthrox entonox methoxyflurane anexate flumazenil
xalatan lumigan travatan rescula vyzulta zioptan cosopt combigan simbrinza trusopt azopt alphagan timoptic
betoptic rhopressa rocklatan eylea lucentis beovu vabysmo syfovre izervay ozurdex iluvien yutiq durezol lotemax
maxitrol tobradex vigamox zymaxid besivance moxeza restasis xiidra cequa miebo tyrvaya luxturna ganfort duotrav
octaplas octagam privigen gammagard gamunex hizentra cuvitru xembify panzyga feiba novoseven hemlibra kogenate
altuviiio idelvion benefix rebinyn albuminex plasbumin flexbumin kedrab hyperrab imogam winrho rhogam rhophylac
hyperrho cryoprecipitate
northera roxanol levsin zyloprim colgout tazocin zosyn augmentin keflex bactrim septra flagyl macrobid monurol
levaquin tamiflu paxlovid lagevrio ozempic trulicity mounjaro jardiance farxiga forxiga invokana januvia janumet
lantus levemir humalog novolog novorapid toujeo eliquis xarelto pradaxa savaysa coumadin jantoven plavix
brilinta lipitor crestor repatha praluent leqvio lasix norvasc toprol lopressor synthroid levoxyl euthyrox
eltroxin medrol solu-medrol decadron kenalog celebrex mobic naprosyn motrin advil tylenol panadol nurofen norco
percocet oxycontin dilaudid duragesic fentora suboxone subutex methadose ativan xanax klonopin valium restoril
ambien lunesta seroquel zyprexa risperdal abilify invega latuda rexulti lexapro zoloft prozac paxil celexa
effexor cymbalta pristiq wellbutrin remeron desyrel lamictal keppra depakote tegretol dilantin topamax neurontin
lyrica namenda aricept razadyne sinemet rytary mirapex requip nuplazid zofran reglan phenergan pepcid nexium
prilosec protonix miralax senokot movicol lactulose kayexalate lokelma zinplava solosec xenleta nuzyra
zeiss cirrus spectralis polyflux nipro gambro prismaflex prismax phonak oticon resound
signia widex unitron cochlear baha med-el dexcom freestyle libre omnipod minimed eversense medtronic
zoll lifepak heartstart respironics resmed airsense dreamstation draeger dräger organox lifeport
compumedics grael nihon kohden masimo nellcor covidien ligasure hillrom hill-rom invacare
permobil ottobock össur ossur aquacel mepilex allevyn tegaderm duoderm kerlix coban prevena acticoat silvercel
iodosorb inadine kaltostat sorbsan biatain tielle granuflex opsite steri-strip dermabond vicryl prolene monocryl
pds ethilon impella abiomed heartmate heartware watchman mitraclip corevalve
lumity audéo audeo
shiley bivona portex tracoe isolette neopuff omnibed ameda jamshidi zio quadrox cardiohelp centrimag rotaflow novalung
tobii dynavox picoway picosure heimomed trach-vent creamatocrit keto-mojo plastazote orfit aquaplast tubigrip glidescope
i-gel vapotherm optiflow airvo bunnell babylog servo-i vacutainer paxgene biotel kardia alivecor linq nxstage purewick
mic-key corpak convatec coloplast synthes arthrex teleflex
`;

/**
 * Eighteenth round: brands sold in the United Kingdom, Ireland, Australia, New Zealand and Europe,
 * by class, from general knowledge (the lists above are mostly American): analgesics, antiemetics,
 * gastrointestinal, respiratory, cardiovascular and anticoagulant, neurological and psychiatric,
 * anti-infective, dermatological and wound care, endocrine, fertility and contraception, vitamins
 * and feeds, and palliative care, with a few generics the lists above lack; none already in them.
 * Unlike those lists these words are drugs by their context only (medical-terms.ts: a dose after
 * them, a list of drugs, a generic in brackets), never everywhere in a note, and the brands most
 * often also people's names (Rennie, Evra, Mirena, Yasmin…) are left out.
 */
export const MORE_BRANDS = `
calpol disprol solpadeine kapake zapain tramacet zydol zamadol oramorph sevredol zomorph mst longtec shortec
oxynorm palexia abstral instanyl effentora transtec temgesic espranor physeptone
voltarol arcoxia brufen feldene ponstan dexketoprofen difene mersyndol panadeine
stemetil buccastem maxolon motilium cyclizine valoid nozinan
buscopan colofac mebeverine spasmonal losec zoton somac pariet peptac ranitic
fybogel normacol laxido cosmocol docusol picolax moviprep citramag plenvu
dioralyte pancrex salofalk mezavant octasa colazide budenofalk
questran modigraf advagraf adoport neoral
ventolin salamol airomir bricanyl atrovent spiriva seretide symbicort fostair flutiform relvar trimbow
clenil pulmicort flixotide serevent oxis onbrez ultibro spiolto duaklir
montelukast singulair phyllocontin uniphyllin nuelin carbocisteine mucodyne bronchitol kaftrio
piriton zirtek zyrtec clarityn telfast neoclarityn benadryl otrivine sudafed beconase nasonex
avamys dymista rhinocort flixonase nasacort strepsils difflam corsodyl
marevan warfant lixiana clexane innohep clopidogrel
efient brilique persantin asasantin tritace coversyl lisinopril aprovel
tildiem zanidip natrilix bendroflumethiazide
frusemide frusol burinex lasilactone navispare cardicor bisoprolol emcor betaloc
procoralan isotard monomax
coro-nitro nitrolingual lipostat ezetrol inegy
epilim epanutin zarontin frisium rivotril
madopar comtess ongentys mirapexin
reminyl exelon ebixa
cipramil cipralex lustral seroxat efexor faverin zispin mirtazapine dosulepin prothiaden
lofepramine molipaxin trazodone edronax valdoxan agomelatine
denzapine zaponex amisulpride stelazine largactil
modecate depixol clopixol haldol priadel camcolit liskonum
librium stesolid diazemuls hypnovel buccolam epistatus zopiclone zimovane
stilnoct circadin melatonin sominex
selincro nalmefene nytol
amoxil magnapen flucloxacillin floxapen penbritin meronem
klaricid erythrocin erythroped tetralysal doxycycline vibramycin minocin lymecycline
ciproxin tavanic trimethoprim septrin nitrofurantoin macrodantin furadantin
metrogel zidoval fasigyn rifinah rimactane zinacef zinnat ceporex cefalexin
targocid colomycin promixin bramitob quinsair
fucidin fucibet fusidic canesten daktarin daktacort
bactroban naseptin betadine savlon germolene sudocrem metanium cavilon proshield conotrane drapolene
diprobase doublebase zerobase cetraben epaderm hydromol oilatum aveeno dermol emollin e45
betnovate dermovate eumovate elocon locoid trimovate timodine
daivonex dovobet enstilar protopic elidel regaine zineryt duac differin epiduo isotrex roaccutane
aldara efudix picato solaraze
flamazine intrasite actilite activon medihoney algivon urgotul atrauman jelonet
mepitel mepore melolin cutimed sorbact zetuvit kerramax
eclypse promogran suprasorb purilon granugel prontosan octenilin octenisan iodoflex flaminal
levothyroxine thyroxine carbimazole propylthiouracil hydrocortone plenadren
fludrocortisone florinef saizen
gliclazide diamicron tolbutamide trajenta
victoza
abasaglar insulatard novomix
glucogel dextrogel hypostop glucotabs
fosamax actonel bonviva aclasta forsteo calcichew adcal fultium desunin
ovitrelle meriofert fostimon rekovelle puregon orgalutran
fyremadel decapeptyl gonapeptyl prostap synarel suprecur buserelin
utrogestan cyclogest duphaston primolut noristerat
microgynon rigevidon ovranette dianette femodene
logynon triregol cerazette noriday norgeston
levonelle ellaone levosert implanon nuvaring
evorel estradot oestrogel femoston kliofem kliovance tridestra
premique vagifem imvaggis
pabrinex thiamine forceval sanatogen abidec dalivit ferrograd fersamal fefol pregaday galfer niferex
ferinject monofer cosmofer feosol
fortisip fortijuce fresubin scandishake procal aptamil
alfamino infatrini jevity nutrison osmolite
thickenup nutilis
levomepromazine glycopyrronium hyoscine-hydrobromide kwells scopoderm
`;
