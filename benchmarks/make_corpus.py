"""Write a deterministic synthetic corpus shaped like ``seeds/``.

Usage: ``python benchmarks/make_corpus.py N OUT [--seed S] [--per-file 20]``

The files imitate the seed layouts: newspaper pages with several items and
``□ 本报记者 …`` bylines, ``#``/``##`` heading pages with ``◎本报记者`` and
``科技日报讯（记者…）`` leads, single-article web pages with site chrome or with
Traditional ``來源``/date lines, photo captions, and words broken across a page fold.
Some files are GB18030 or Big5 (Big5 only when every character of the file encodes; the
file falls back to GB18030 otherwise), a few carry a UTF-8 BOM or CRLF line ends.

Everything comes from one seeded ``random.Random``, so the same N and seed give the same
bytes on every machine.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import opencc

# province -> city -> districts; enough variety for search and the place filter.
GAZETTEER: dict[str, dict[str, list[str]]] = {
    "山东省": {
        "济南市": ["历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区", "济阳区", "莱芜区", "钢城区"],
        "青岛市": ["市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区", "即墨区"],
        "烟台市": ["芝罘区", "福山区", "莱山区", "牟平区"],
        "潍坊市": ["潍城区", "奎文区", "坊子区", "寒亭区"],
        "淄博市": ["张店区", "淄川区", "临淄区", "周村区"],
        "滨州市": ["滨城区", "沾化区", "邹平市", "惠民县"],
        "济宁市": ["任城区", "兖州区", "曲阜市", "邹城市"],
    },
    "广东省": {
        "广州市": ["天河区", "黄埔区", "番禺区", "海珠区", "白云区"],
        "深圳市": ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"],
        "汕头市": ["龙湖区", "金平区", "濠江区", "澄海区"],
        "佛山市": ["禅城区", "南海区", "顺德区"],
    },
    "江苏省": {
        "南京市": ["江宁区", "鼓楼区", "玄武区", "栖霞区", "浦口区"],
        "苏州市": ["吴中区", "相城区", "姑苏区", "昆山市"],
        "无锡市": ["滨湖区", "梁溪区", "新吴区", "江阴市"],
    },
    "浙江省": {
        "杭州市": ["西湖区", "余杭区", "滨江区", "萧山区", "拱墅区"],
        "宁波市": ["鄞州区", "海曙区", "北仑区", "镇海区"],
    },
    "湖南省": {"长沙市": ["岳麓区", "雨花区", "开福区", "芙蓉区"], "株洲市": ["天元区", "芦淞区", "荷塘区"]},
    "湖北省": {"武汉市": ["洪山区", "江夏区", "武昌区", "汉阳区"], "宜昌市": ["西陵区", "夷陵区"]},
    "四川省": {"成都市": ["武侯区", "锦江区", "双流区", "郫都区"], "绵阳市": ["涪城区", "游仙区"]},
    "贵州省": {"贵阳市": ["观山湖区", "花溪区", "南明区", "云岩区"]},
    "河南省": {"郑州市": ["金水区", "中原区", "二七区", "管城回族区"], "洛阳市": ["涧西区", "洛龙区"]},
    "安徽省": {"合肥市": ["蜀山区", "包河区", "庐阳区", "瑶海区"], "芜湖市": ["镜湖区", "鸠江区"]},
    "陕西省": {"西安市": ["雁塔区", "长安区", "未央区", "碑林区"]},
    "福建省": {"福州市": ["鼓楼区", "仓山区", "晋安区"], "厦门市": ["思明区", "湖里区", "集美区"]},
}
PLACES: list[tuple[str, str, str]] = [
    (province, city, district)
    for province, cities in GAZETTEER.items()
    for city, districts in cities.items()
    for district in districts
]

SURNAMES = list(
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
GIVEN = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "婷婷", "红", "延斌", "晓君", "宏志", "淑霞", "雪瑞", "立红", "业文",
    "殿义", "洁林", "慧友", "晔", "星辉", "国陆", "虹", "健", "宏伟", "璐敏", "飞跃", "晓飞", "珊", "晓玲",
    "青", "思霖", "淳", "芳民", "海燕", "志刚", "建华", "文博", "子轩", "雨桐", "浩然", "佳怡", "俊杰",
]
ORG_PREFIXES = [
    "伊莱特", "圣泉", "华信", "浪潮", "齐鲁", "瑞康", "博科", "恒瑞", "远航", "金现代", "新松", "汇川",
    "联创", "天启", "星辰", "宏图", "鼎盛", "泰和", "中科", "海纳", "科盛", "章力", "萨博", "永信", "明泉",
    "华兴", "东岳", "凯瑞", "晶合", "思远", "云帆", "北辰", "蓝海", "启明", "国泰", "正大", "奥赛", "前沿",
]
INDUSTRIES = [
    "能源装备", "生物医药", "新材料", "智能装备", "信息技术", "量子科技", "半导体", "新能源汽车", "数字科技",
    "电子", "精细化工", "医疗器械", "人工智能", "工业互联网", "航空航天", "卫星导航", "高端装备", "节能环保",
]
ORG_KINDS = ["科技有限公司", "股份有限公司", "集团有限公司", "技术有限公司"]
INSTITUTES = ["研究院", "技术研究院", "产业技术研究院", "创新中心", "重点实验室"]
GOV_BODIES = ["科技局", "工业和信息化局", "发展和改革委员会", "管委会", "市场监管局"]
ROLES = ["董事长", "总经理", "副总经理", "技术研发中心副总经理", "负责人", "首席科学家"]
PUBLISHERS = ["大众日报", "科技日报", "滨州日报", "齐鲁晚报", "山东商报", "经济日报", "南方日报", "新华日报"]
TOPICS = [
    "科技创新", "成果转化", "产业转型升级", "数字经济", "人才引育", "营商环境", "绿色低碳发展", "新旧动能转换",
    "专精特新", "产学研合作", "知识产权保护", "科技金融", "智能制造", "乡村振兴", "双碳目标", "开放合作",
]
SLOGANS = [
    "科技创新关键变量化为最大增量", "构建人才集聚高地", "打造区域创新策源地", "以高品质科创引领高质量发展",
    "把发展精力放在“刀刃”上", "下好自主创新“关键棋”", "激活转型发展“强引擎”", "跑出创新发展加速度",
    "为强省会建设注入蓬勃动能", "构建全链条全流程数字化生态圈", "以“实干”破题夺取“开门红”",
    "让科技成果从“书架”走向“货架”", "做强做大创新主业", "筑牢高质量发展根基",
]
MONEY_INDICATORS = [
    "工业投资", "技改投资", "技术合同成交额", "高新技术产业产值", "地区生产总值", "研发投入", "研发费用",
    "进出口总额", "规上工业增加值", "营业收入", "固定资产投资", "税收收入", "技术交易额", "工业总产值",
    "数字经济核心产业增加值", "科技成果转化贷款",
]
COUNT_INDICATORS = [
    ("高新技术企业", "家"), ("科技型中小企业", "家"), ("专精特新企业", "家"), ("规模以上工业企业", "家"),
    ("省级重点实验室", "家"), ("新型研发机构", "家"), ("重大科技创新工程项目", "项"), ("技术合同", "项"),
    ("发明专利", "件"), ("高层次人才", "人"), ("科技特派员", "名"), ("科技业务培训会", "场"),
    ("检查井", "座"), ("充电桩", "台"),
]
PERIODS = [
    "1-10月份", "1—9月份", "今年前三季度", "上半年", "今年以来", "截至11月底", "1-11月", "去年全年", "一季度",
]
QUALIFIERS = ["", "", "", "近", "超", "逾", "约"]
TRAILING_QUALIFIERS = ["", "", "", "余", "多"]
CHANGES = ["同比增长", "同比增长", "增长", "同比下降", "环比增长", "较去年增长"]
FILLERS = [
    "近年来，{place}大力推动{topic}，不断增强企业的核心竞争力和发展新动力。",
    "这是{place}强化政策、服务、金融、人才等要素支撑，推动{topic}的一个侧面。",
    "创新是企业高质量发展的“强引擎”。",
    "下一步，{place}将紧盯{topic}和{topic2}，加大优质公共服务供给，全面推动各项工作落实。",
    "{place}坚持问题导向、需求牵引，做好{topic}加减法，打通一批阻碍创新的堵点。",
    "据悉，该项目聚焦{industry}、{industry2}等重点领域，开展关键核心技术攻关。",
    "新动能持续放大，{place}{topic}赋能实体经济的作用愈加明显。",
    "民生无小事，枝叶总关情。",
    "{org}持续加大研发投入，对原有各事业部装备进行大规模升级换代。",
    "通过沉浸式调研走访企业，开展“一对一”服务，全力助推企业科技项目落地。",
    "{place}把企业梯度培育作为有效抓手，推动{industry}产业集群化发展。",
    "记者了解到，{place}正加快布局{industry}、{industry2}两大新兴产业。",
]
QUOTES = [
    "目前，我们与科研院所合作，在{industry}等领域持续技术攻关，努力攻克一批关键技术问题。",
    "科技创新是高新区主业中的主业，也是最大优势。",
    "我们希望通过一系列政策组合，解决企业融资难、融资贵等难题。",
    "数字技术正在重构产业链、供应链。",
    "改革先行，我们努力在服务和融入新发展格局上走在前。",
]
EVENTS = [
    "{topic}高峰论坛", "{industry}产业发展大会", "科技成果对接会", "{org}揭牌仪式", "{industry}项目签约仪式",
    "创新创业大赛决赛", "校地合作座谈会",
]
CAPTIONS = [
    "{event}现场。", "{org}生产车间一角。", "{place}{topic}成果观摩会。", "工作人员在{org}调试设备。",
    "{event}在{city}举行。",
]
SECTION_HEADS = SLOGANS + [
    "稳步子、优服务", "求突破、谋创新", "敢争先、抢开局", "改革创新，优化科技治理体系", "集聚要素，加速科技成果转化",
]
CHROME = [
    "首页  |  头条  |  要闻  |  {province_short}  |  中国  |  国际  |  文旅  |  体育  |  评论  |  财金  |  教育",
    "首页>{city_short}频道>内容详情",
]
SITE_TAIL = ["打印", "大字体 小字体 扫码带走", "责任编辑：{person}", "新闻热线：0531-{phone}", "分享到："]

_S2T = opencc.OpenCC("s2t")
# OpenCC's s2t picks a few variant forms Big5 lacks; the Taiwan forms keep those pages
# encodable in Big5 and are equally common in real Traditional text.
_BIG5_FORMS = str.maketrans({"爲": "為", "羣": "群", "峯": "峰", "啓": "啟", "裏": "裡", "綫": "線", "纔": "才"})


def to_traditional(text: str) -> str:
    return _S2T.convert(text).translate(_BIG5_FORMS)


@dataclass
class ArticleInfo:
    """What the generator knows about one article it wrote (for tests and the manifest)."""

    file: str
    title: str | None
    authors: list[str]
    style: str


@dataclass
class CorpusSummary:
    files: int = 0
    articles: int = 0
    chars: int = 0  # characters of decoded text, the build's input size
    bytes: int = 0
    encodings: dict[str, int] = field(default_factory=dict)
    styles: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    article_infos: list[ArticleInfo] = field(default_factory=list)


class _Writer:
    """Composes one article's text from a shared random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # Names ---------------------------------------------------------------------------------
    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def place(self) -> tuple[str, str, str]:
        return self.rng.choice(PLACES)

    def company(self, city: str) -> str:
        r = self.rng
        prefix = r.choice(ORG_PREFIXES)
        if r.random() < 0.4:
            prefix = city.removesuffix("市") + prefix
        return prefix + r.choice(INDUSTRIES) + r.choice(ORG_KINDS)

    def institute(self, city: str) -> str:
        r = self.rng
        return city.removesuffix("市") + r.choice(INDUSTRIES) + r.choice(INSTITUTES)

    def gov(self, district: str) -> str:
        return district + self.rng.choice(GOV_BODIES)

    # Numbers -------------------------------------------------------------------------------
    def amount(self) -> str:
        r = self.rng
        if r.random() < 0.6:
            return f"{r.uniform(1, 999):.{r.choice((1, 2))}f}亿元"
        return f"{r.randint(100, 99999)}万元"

    def pct(self, high: float = 150) -> str:
        return f"{self.rng.uniform(0.5, high):.{self.rng.choice((1, 1, 2))}f}%"

    def year(self) -> int:
        return self.rng.randint(2016, 2024)

    # Sentences -----------------------------------------------------------------------------
    def sentence(self, ctx: dict[str, str]) -> str:
        r = self.rng
        kind = r.randrange(12)
        place = r.choice((ctx["district"], ctx["city"], ctx["district"], ctx["zone"]))
        if kind == 0:
            return (f"{r.choice(PERIODS)}，{place}累计完成{r.choice(MONEY_INDICATORS)}{self.amount()}，"
                    f"{r.choice(CHANGES)}{self.pct()}。")
        if kind == 1:
            return (f"{self.year()}年，{place}{r.choice(MONEY_INDICATORS)}达到{r.choice(QUALIFIERS)}{self.amount()}，"
                    f"占比{self.pct(95)}，位居全市第{r.randint(1, 9)}。")
        if kind == 2:
            what, unit = r.choice(COUNT_INDICATORS)
            n = r.randint(2, 900)
            return (f"{place}现有{what}{r.choice(QUALIFIERS)}{n}{r.choice(TRAILING_QUALIFIERS)}{unit}，"
                    f"较去年增加{r.randint(1, max(1, n // 3))}{unit}。")
        if kind == 3:
            quote = r.choice(QUOTES).format(industry=r.choice(INDUSTRIES))
            return f"“{quote}”{ctx['org']}{r.choice(ROLES)}{ctx['person']}介绍。"
        if kind == 4:
            event = r.choice(EVENTS).format(topic=r.choice(TOPICS), industry=r.choice(INDUSTRIES), org=ctx["org"])
            return f"{r.randint(1, 12)}月{r.randint(1, 28)}日，{event}在{ctx['city']}{ctx['district']}举行。"
        if kind == 5:
            return (f"{ctx['org']}先后投资{self.amount()}，建设{ctx['city'].removesuffix('市')}"
                    f"{r.choice(INDUSTRIES)}产业园，新增就业岗位{r.randint(100, 5000)}个。")
        if kind == 6:
            inds = r.sample(INDUSTRIES, 3)
            doc = f"{ctx['city']}{r.choice(INDUSTRIES)}产业{self.year()}年行动计划"
            return f"{ctx['city']}出台《{doc}》，聚焦{inds[0]}、{inds[1]}、{inds[2]}等{r.randint(3, 9)}条产业链。"
        if kind == 7:
            return (f"截至{self.year()}年底，{place}共引进院士{r.randint(1, 9)}人、高层次人才{r.randint(10, 500)}人，"
                    f"落实各级各类人才资金{r.randint(100, 9000)}余万元。")
        if kind == 8:
            return (f"其中，{r.choice(MONEY_INDICATORS)}{self.amount()}，{r.choice(CHANGES)}{self.pct()}；"
                    f"{ctx['institute']}完成首批{r.randint(2, 20)}个研发项目立项。")
        if kind == 9:
            return (f"{ctx['province']}{ctx['city']}{ctx['district']}{r.choice(TOPICS)}工作获评先进，"
                    f"{ctx['gov']}相关负责人{ctx['person2']}表示，将继续加大支持力度。")
        filler = r.choice(FILLERS)
        return filler.format(place=place, topic=r.choice(TOPICS), topic2=r.choice(TOPICS), org=ctx["org"],
                             industry=r.choice(INDUSTRIES), industry2=r.choice(INDUSTRIES))

    def paragraph(self, ctx: dict[str, str]) -> str:
        return "".join(self.sentence(ctx) for _ in range(self.rng.randint(2, 5)))

    def context(self) -> dict[str, str]:
        province, city, district = self.place()
        zone = city.removesuffix("市") + self.rng.choice(("高新区", "经济技术开发区", "综合保税区", "高新区"))
        return {
            "province": province, "city": city, "district": district, "zone": zone,
            "org": self.company(city), "institute": self.institute(city), "gov": self.gov(district),
            "person": self.person(), "person2": self.person(),
        }

    def title(self, ctx: dict[str, str]) -> str:
        r = self.rng
        subject = r.choice((ctx["district"], ctx["zone"], ctx["city"], ctx["gov"]))
        forms = (
            f"{subject}{r.choice(TOPICS)}跑出“加速度”",
            f"{subject}{r.choice(MONEY_INDICATORS)}超{r.randint(2, 99)}亿元",
            f"{subject}：{r.choice(SLOGANS)}",
            f"{subject}上榜{self.year()}年{ctx['province']}{r.choice(TOPICS)}强县拟确定名单",
            f"{ctx['org'][:4]}{r.choice(INDUSTRIES)}项目落户{ctx['district']}",
            f"{subject}推进{r.choice(TOPICS)}",
        )
        return r.choice(forms)

    def body(self, ctx: dict[str, str], *, sections: bool) -> list[str]:
        r = self.rng
        paras = [self.paragraph(ctx) for _ in range(r.randint(3, 8))]
        if sections and len(paras) > 4 and r.random() < 0.6:
            paras.insert(r.randint(2, len(paras) - 1), r.choice(SECTION_HEADS))
        if r.random() < 0.15:
            # A word broken over a page fold, as in the scanned seeds.
            i = r.randrange(len(paras))
            p = paras[i]
            if len(p) > 40:
                cut = r.randint(10, len(p) - 10)
                paras[i:i + 1] = [p[:cut], p[cut:]]
        return paras


def _blank_joined(lines: list[str]) -> str:
    return "\n\n".join(lines)


def _newspaper_item(w: _Writer, lead: bool) -> tuple[str, str | None, list[str]]:
    r = w.rng
    ctx = w.context()
    title = w.title(ctx)
    authors = [w.person() for _ in range(r.choice((1, 1, 2)))]
    parts: list[str] = []
    body = w.body(ctx, sections=lead)
    if lead:
        parts.append(title)
        if r.random() < 0.5:
            parts.append(r.choice(SLOGANS))
        parts.append("□ 本报记者 " + " ".join(authors))
        if r.random() < 0.2:
            parts.append(r.choice(CAPTIONS).format(event=r.choice(EVENTS).format(
                topic=r.choice(TOPICS), industry=r.choice(INDUSTRIES), org=ctx["org"]),
                org=ctx["org"], place=ctx["district"], topic=r.choice(TOPICS), city=ctx["city"]))
        parts.extend(body)
        return _blank_joined(parts), title, authors
    # A short item: title over two lines, "□ 记者 … 报道", "本报X讯" lead.
    cut = max(2, min(len(title) - 2, len(ctx["district"])))
    title_block = title[:cut] + "\n" + title[cut:] if r.random() < 0.6 else title
    contributors = [w.person() for _ in range(r.choice((0, 1, 2)))]
    if contributors and r.random() < 0.5:
        byline = f"□ 记者 {' '.join(authors)}\n通讯员 {' '.join(contributors)}\n报道"
    elif contributors:
        byline = f"□ 记者 {' '.join(authors)} 通讯员 {' '.join(contributors)} 报道"
    else:
        byline = f"□ 记者 {' '.join(authors)} 报道"
    body[0] = f"本报{ctx['city'].removesuffix('市')}讯 " + body[0]
    return _blank_joined([title_block, byline] + body), title.replace("\n", ""), authors


def _newspaper_page(w: _Writer, n: int) -> tuple[str, list[tuple[str | None, list[str]]]]:
    items = []
    texts = []
    while len(items) < n:
        r = w.rng
        if items and r.random() < 0.06:
            # Photo news: a caption paragraph and no headline at all. Not an article of its
            # own (the seeds' gold reads it as part of the item before it), so it does not
            # count towards the page's n articles.
            ctx = w.context()
            caption = r.choice(CAPTIONS).format(event=r.choice(EVENTS).format(
                topic=r.choice(TOPICS), industry=r.choice(INDUSTRIES), org=ctx["org"]),
                org=ctx["org"], place=ctx["district"], topic=r.choice(TOPICS), city=ctx["city"])
            texts.append(caption + w.paragraph(ctx))
            continue
        text, title, authors = _newspaper_item(w, lead=(not items or r.random() < 0.3))
        texts.append(text)
        items.append((title, authors))
    return "\n\n\n\n" + "\n\n".join(texts) + "\n", items


def _heading_page(w: _Writer, n: int) -> tuple[str, list[tuple[str | None, list[str]]]]:
    r = w.rng
    items = []
    out = ["", ""]
    ctx = w.context()
    title = w.title(ctx)
    author, contrib = w.person(), w.person()
    out.append(f"# {title}")
    out.append(f"◎本报记者 {author} 通讯员 {contrib}")
    paras = w.body(ctx, sections=False)
    for i, p in enumerate(paras):
        out.append(p)
        if i == 1:
            out.append(f"## {r.choice(SECTION_HEADS)}")
    items.append((title, [author]))
    if n > 1:
        out.append(f"## {r.choice(('园镜头', '区域观察', '创新一线', '科技前沿'))}")
    for _ in range(n - 1):
        ctx = w.context()
        title = f"{r.choice(SLOGANS)} {w.title(ctx)}"
        author = w.person()
        trainee = f" 实习生{w.person()}" if r.random() < 0.3 else ""
        body = w.body(ctx, sections=False)
        out.append(f"## {title}")
        out.append(f"科技日报讯（记者{author}{trainee}）" + body[0])
        out.extend(body[1:])
        items.append((title, [author]))
    return "\n\n".join(out) + "\n", items


def _web_page(w: _Writer, traditional: bool) -> tuple[str, list[tuple[str | None, list[str]]]]:
    r = w.rng
    ctx = w.context()
    title = w.title(ctx)
    author = w.person()
    publisher = r.choice(PUBLISHERS)
    stamp = (f"{w.year()}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
             f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}")
    body = w.body(ctx, sections=True)
    if traditional:
        lines = [f"来源:{publisher}", stamp, f"原标题:{title}", f"来源:{publisher}", body[0], body[1],
                 f"□{author} {w.person()}"] + body[2:]
        text = "\n".join(lines) + "\n"
        return to_traditional(text), [(to_traditional(title), [to_traditional(author)])]
    chrome = [c.format(province_short=ctx["province"][:2], city_short=ctx["city"].removesuffix("市"))
              for c in CHROME]
    tail = [t.format(person=w.person(), phone=r.randint(10000000, 99999999)) for t in SITE_TAIL]
    lines = chrome + ["", f"【{r.choice(('创新发展', '科技动态', '区域经济'))}】{title}", "",
                      f"{stamp} {tail[1]}", tail[0], "", f"{publisher}记者 {author}", ""]
    lines += [p + "\n" for p in body] + [tail[2], tail[3], tail[4]]
    return "\n".join(lines) + "\n", [(title, [author])]


def _encode(text: str, rng: random.Random, traditional: bool) -> tuple[bytes, str]:
    roll = rng.random()
    if traditional and roll < 0.5:
        try:
            return text.encode("big5"), "big5"
        except UnicodeEncodeError:
            return text.encode("gb18030"), "gb18030"
    if roll < 0.12:
        return text.encode("gb18030"), "gb18030"
    if roll < 0.15:
        return text.replace("\n", "\r\n").encode("utf-8"), "utf-8-crlf"
    if roll < 0.18:
        return text.encode("utf-8-sig"), "utf-8-sig"
    return text.encode("utf-8"), "utf-8"


def generate_corpus(n_articles: int, out_dir: Path, *, seed: int = 0, per_file: int = 20) -> CorpusSummary:
    """Write ``n_articles`` articles into ``out_dir`` (created; existing *.txt there are replaced)."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    writer = _Writer(rng)
    summary = CorpusSummary()
    remaining = n_articles
    index = 0
    while remaining > 0:
        roll = rng.random()
        size = min(remaining, max(1, per_file + rng.randint(-4, 4)))
        traditional = False
        if roll < 0.04 or remaining == 1:
            style = "web"
            text, items = _web_page(writer, traditional=False)
        elif roll < 0.08:
            style = "web-traditional"
            traditional = True
            text, items = _web_page(writer, traditional=True)
        elif roll < 0.50:
            style = "newspaper"
            text, items = _newspaper_page(writer, size)
        elif roll < 0.88:
            style = "headings"
            text, items = _heading_page(writer, size)
        else:
            style = "newspaper-traditional"
            traditional = True
            text, items = _newspaper_page(writer, size)
            text = to_traditional(text)
            items = [(to_traditional(t) if t else None, [to_traditional(a) for a in au]) for t, au in items]
        data, encoding = _encode(text, rng, traditional)
        name = f"{index:06d}_{style}.txt"
        (out_dir / name).write_bytes(data)
        summary.files += 1
        summary.articles += len(items)
        summary.chars += len(text)
        summary.bytes += len(data)
        summary.encodings[encoding] = summary.encodings.get(encoding, 0) + 1
        summary.styles[style] = summary.styles.get(style, 0) + 1
        summary.article_infos.extend(ArticleInfo(name, t, au, style) for t, au in items)
        remaining -= len(items)
        index += 1
    summary.seconds = time.perf_counter() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=int, help="number of articles to write")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=20, help="articles per multi-article file (about)")
    parser.add_argument("--manifest", type=Path, help="also write a JSON list of the articles here")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("N must be at least 1")
    summary = generate_corpus(args.articles, args.out, seed=args.seed, per_file=args.per_file)
    if args.manifest:
        args.manifest.write_text(json.dumps([vars(a) for a in summary.article_infos], ensure_ascii=False))
    print(f"{summary.articles} articles in {summary.files} files, {summary.chars:,} chars, "
          f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s; encodings {summary.encodings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
