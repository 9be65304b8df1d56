"""The vocabulary of bench/corpus.py: slots of phrases per language, and the specifics (names,
addresses, clock times, cars, clothes) that make unrelated reports on one topic differ."""


def _words(text: str, sep: str = " ") -> list[str]:
    return text.split(sep)


# Each slot is built from two parts, so the vocabulary is a few hundred phrases per slot: like
# real reports, unrelated ones share words and topics, rarely whole phrases.
ZH = {
    "when": (
        [
            "上周三",
            "昨天",
            "前天",
            "本月初",
            "上个周末",
            "国庆节期间",
            "去年冬天",
            "今天",
            "大前天",
            "上个月底",
            "春节前",
            "三天前",
        ],
        ["晚上", "下午", "凌晨", "中午", "早上七点左右", "傍晚", "半夜", "上午十点多"],
    ),
    "who": (
        [
            "我家隔壁的",
            "单位新来的",
            "小区里的",
            "一个外地口音的",
            "网上认识的",
            "开黑色轿车的",
            "自称记者的",
            "戴眼镜的",
            "穿迷彩服的",
            "三十多岁的",
            "经常出入的",
            "厂里的",
        ],
        ["男子", "女子", "租户", "保安", "工程师", "老板", "快递员", "司机", "学生", "退休职工"],
    ),
    "where": (
        [
            "在军港",
            "在机场",
            "在火车站",
            "在研究所",
            "在开发区",
            "在海边",
            "在部队营区",
            "在高铁站",
            "在雷达站",
            "在化工厂",
            "在船厂",
            "在发电厂",
        ],
        ["附近", "大门对面", "围栏边", "停车场", "后门", "山脚下", "广场上", "观景台上"],
    ),
    "act": (
        ["用无人机", "用长焦相机", "用手机", "用望远镜", "偷偷", "反复", "多次", "专门"],
        [
            "拍摄设施",
            "拍照",
            "打听部队调动的情况",
            "记录进出车辆的车牌",
            "收集设备的型号",
            "在地图上做标记",
            "观察哨位",
            "录像",
            "收购内部资料",
            "请工作人员吃饭送礼",
            "测量距离",
            "搭讪值班人员",
        ],
    ),
    "detail": [
        "车牌号是{plate}",
        "大约有{n}次",
        "他留的电话是{phone}",
        "前后持续了{n}个小时",
        "每次给对方{n}千元",
        "对方说还会再来",
        "我拍下了照片",
        "周围的人都看见了",
        "后来开车往{dir}去了",
        "当时还有{n}个人一起",
        "他说是{n}号来的",
        "我跟了他{n}分钟",
    ],
    "dirs": ["东", "南", "西", "北"],
    # What makes one report unlike another on the same topic: who exactly, the address, the
    # time on the clock, the car, the clothes; 0-2 such clauses per sentence (see sentence()).
    "specific": [
        "他姓{surname}",
        "那人叫{surname}{given}",
        "地址是{road}{street}{n}号",
        "时间是{hour}点{minute}分",
        "开一辆{colour}{make}",
        "穿着{colour}{garment}",
        "个子一米{height}左右",
        "就在{road}{street}往{dir}{n}百米",
        "旁边是{surname}记{shop}",
    ],
    "surname": "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文",
    "given": "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海波宁斌浩凯"
    "亮峰晨阳欣雪琳佳",
    "road": _words(
        "人民 解放 中山 和平 新华 长江 黄河 建设 迎宾 工业 学院 滨海"
        " 港湾 光明 胜利 东风 朝阳 青年 友谊 文化 环城 沿江 幸福 红旗"
    ),
    "street": _words("路 街 大道 巷 东路 西路"),
    "colour": _words("白色 黑色 银色 灰色 红色 蓝色 深绿色 棕色 黄色 紫色"),
    "make": _words(
        "丰田 大众 本田 比亚迪 吉利 五菱面包车 奥迪 别克 长城皮卡 日产 现代 电动车 摩托车 货车"
    ),
    "garment": _words("外套 夹克 冲锋衣 羽绒服 衬衫 卫衣 风衣 运动服 工作服 T恤"),
    "shop": _words("面馆 超市 五金店 药房 修车铺 烟酒店 水果店 旅馆"),
    "prefix": "再次举报：",
    "sep": "。",
    "comma": "，",
}
EN = {
    "when": (
        [
            "last Wednesday",
            "yesterday",
            "on Sunday",
            "this month",
            "last weekend",
            "during the holiday",
            "last winter",
            "today",
            "two days ago",
            "at the end of May",
            "before the festival",
            "on Friday",
        ],
        [
            "in the evening",
            "in the afternoon",
            "before dawn",
            "at noon",
            "around seven",
            "at dusk",
            "at midnight",
            "after ten",
        ],
    ),
    "who": (
        [
            "the tenant next door",
            "a new colleague",
            "someone from our estate",
            "a man with an out-of-town accent",
            "a friend I met online",
            "a driver of a black sedan",
            "a self-styled journalist",
            "a man with glasses",
            "a person in camouflage",
            "a woman in her thirties",
            "a regular visitor",
            "a worker from the plant",
        ],
        [
            "",
            " and his friend",
            " with a backpack",
            " from the city",
            " in a hurry",
            " with a camera bag",
            " on a scooter",
            " and a driver",
        ],
    ),
    "where": (
        [
            "near the naval pier",
            "by the airport fence",
            "at the railway station",
            "opposite the institute",
            "in the development zone",
            "by the sea",
            "outside the barracks",
            "at the rail car park",
            "below the radar station",
            "behind the chemical plant",
            "at the shipyard",
            "near the power station",
        ],
        ["", " gate", " entrance", " square", " lookout", " wall", " road", " corner"],
    ),
    "act": (
        [
            "used a drone to",
            "used a long lens to",
            "used a phone to",
            "used binoculars to",
            "tried in secret to",
            "kept trying to",
            "came many times to",
            "was paid to",
        ],
        [
            "film the site",
            "take photos",
            "ask about troop movements",
            "write down number plates",
            "collect equipment models",
            "mark places on a map",
            "watch the guard posts",
            "record videos",
            "buy internal papers",
            "treat staff to dinners",
            "measure distances",
            "chat up the guards",
        ],
    ),
    "detail": [
        "the plate was {plate}",
        "it happened about {n} times",
        "his phone is {phone}",
        "it went on for {n} hours",
        "each time he paid {n} thousand yuan",
        "he said he would come back",
        "I took pictures",
        "everyone around saw it",
        "then he drove {dir}",
        "{n} other people were with him",
        "he said he came on the {n}th",
        "I followed him for {n} minutes",
    ],
    "dirs": ["east", "south", "west", "north"],
    "specific": [
        "his name is {surname} {given}",
        "he called himself {given}",
        "the address is {n} {road} {street}",
        "it was {hour}:{minute}",
        "he drove a {colour} {make}",
        "he wore a {colour} {garment}",
        "he is about 1.{height} m tall",
        "{n}00 metres {dir} of {road} {street}",
        "next to {surname}'s {shop}",
    ],
    "surname": _words(
        "Wang|Li|Zhang|Liu|Chen|Yang|Zhao|Huang|Zhou|Wu|Xu|Sun|Hu|Zhu|Gao|Lin"
        "|He|Guo|Ma|Luo|Liang|Song|Zheng|Xie|Han|Tang|Feng|Yu|Dong|Xiao|Cheng"
        "|Cao|Yuan|Deng|Peng|Lu|Jiang|Cai|Jia|Ding|Wei|Xue|Ye|Pan|Du|Dai",
        "|",
    ),
    "given": _words(
        "Wei|Fang|Na|Min|Jing|Li|Qiang|Lei|Jun|Yang|Yong|Yan|Jie|Juan|Tao|Ming"
        "|Chao|Xia|Ping|Gang|Hua|Hui|Peng|Bo|Hong|Ning|Bin|Hao|Kai|Liang|Feng"
        "|Chen|Xin|Xue",
        "|",
    ),
    "road": _words(
        "Renmin|Jiefang|Zhongshan|Heping|Xinhua|Changjiang|Huanghe|Jianshe"
        "|Yingbin|Gongye|Xueyuan|Binhai|Gangwan|Guangming|Shengli|Dongfeng"
        "|Chaoyang|Qingnian|Youyi|Wenhua|Huancheng|Yanjiang|Xingfu|Hongqi",
        "|",
    ),
    "street": _words("Road|Street|Avenue|Lane|East Road|West Road", "|"),
    "colour": _words("white|black|silver|grey|red|blue|dark green|brown|yellow", "|"),
    "make": _words(
        "Toyota|Volkswagen|Honda|BYD|Geely|Wuling van|Audi|Buick|pickup|Nissan"
        "|Hyundai|e-bike|motorbike|lorry",
        "|",
    ),
    "garment": _words(
        "coat|jacket|windbreaker|down jacket|shirt|hoodie|trench coat|tracksuit"
        "|work uniform|T-shirt",
        "|",
    ),
    "shop": _words(
        "noodle bar|grocery|hardware shop|pharmacy|garage|tobacco shop|fruit stall|guesthouse",
        "|",
    ),
    "prefix": "Again: ",
    "sep": ". ",
    "comma": ", ",
}
