/**
 * Demo window appointments around the day the demo is seeded: the acceptance center of 黄河西路社区
 * with its catalog of matters (two retired), a small center in 长江东路社区, about forty past
 * appointments over the last four weeks (done, materials missing and back again, no-shows,
 * cancellations), a few booked ahead with their seat counters, tickets, no-show watches and
 * ledgers, and three proxy cases. Every timestamp comes from the day, not the moment; the only
 * thing the moment decides is whether today's last slot is still ahead (then it is booked).
 */
import { createHash } from "node:crypto";
import { keys } from "../db/keys.js";
import { addDays, addMinutes, shanghaiDate, shanghaiInstant, timeOf } from "../time/shanghai.js";
import { addWorkingDays } from "../time/working-days.js";
import {
  appointmentItem,
  centerItem,
  matterItem,
  matterVisitItem,
  noShowDueItem,
  proxyItem,
  ticketItem,
} from "../window/repo.js";
import type {
  Appointment,
  AppointmentStatus,
  Center,
  Material,
  Matter,
  MatterCategory,
  MatterVisit,
  ProxyCase,
  ProxyEvent,
  WindowLedger,
} from "../window/schemas.js";
import {
  centerDay,
  isTicketCode,
  materialRef,
  newTicketCode,
  type SlotTime,
  slotsOf,
} from "../window/service.js";
import { demoUserId } from "./accounts.js";
import { DEMO_COMMUNITY, OTHER_COMMUNITY, RESIDENT_NAMES } from "./data.js";

export const DEMO_CENTER_ID = "huanghe-west-center";
export const OTHER_CENTER_ID = "changjiang-east-center";
/** The matter the browser test books as 王秀兰 (resident 1): the seed never books it for her. */
export const MATERNITY_MATTER_ID = "maternity-reimbursement";

const MORNING = { open: "09:00", close: "12:00" };
const WORKDAY = [MORNING, { open: "13:30", close: "17:00" }];

function centers(madeAt: string): Center[] {
  return [
    {
      id: DEMO_CENTER_ID,
      communityId: DEMO_COMMUNITY.id,
      name: "黄河西路社区党群服务中心 公共事务受理窗口",
      nameEn: "Huanghe West Community Service Center · Public Affairs Window",
      address: "黄河西路社区党群服务中心一楼",
      phone: "0371-63851234",
      windows: 3,
      slotMinutes: 15,
      // Saturday mornings too, for residents who work on weekdays.
      hours: { "1": WORKDAY, "2": WORKDAY, "3": WORKDAY, "4": WORKDAY, "5": WORKDAY, "6": [MORNING] },
      followsHolidayCalendar: true,
      cancelCutoffMinutes: 60,
      maxUpcoming: 3,
      bookingDays: 14,
      updatedAt: madeAt,
    },
    {
      id: OTHER_CENTER_ID,
      communityId: OTHER_COMMUNITY.id,
      name: "长江东路社区便民服务站",
      nameEn: "Changjiang East Community Service Station",
      address: "长江东路社区居委会一楼",
      phone: "0371-63857788",
      windows: 1,
      slotMinutes: 20,
      hours: Object.fromEntries(
        ["1", "2", "3", "4", "5"].map((weekday) => [
          weekday,
          [
            { open: "09:00", close: "12:00" },
            { open: "14:00", close: "17:00" },
          ],
        ]),
      ),
      followsHolidayCalendar: true,
      cancelCutoffMinutes: 60,
      maxUpcoming: 3,
      bookingDays: 14,
      updatedAt: madeAt,
    },
  ];
}

// ——— The catalog ———

type MaterialSpec = [
  name: string,
  nameEn: string,
  note: string | null,
  noteEn: string | null,
  required?: boolean,
];

const ID_CARD: MaterialSpec = ["居民身份证", "Resident ID card", "原件及复印件一份", "Original and one copy"];
const HUKOU: MaterialSpec = [
  "户口簿",
  "Household register (hukou booklet)",
  "原件及户主页、本人页复印件",
  "Original, with copies of the head-of-household page and your own page",
];
const HUKOU_OR_PERMIT: MaterialSpec = [
  "户口簿或居住证",
  "Household register or residence permit",
  "非本市户籍的提供居住证",
  "Residence permit if your household is registered elsewhere",
];
const BANK_CARD: MaterialSpec = [
  "本人银行卡",
  "Bank card in your own name",
  "一类账户借记卡，或已激活金融功能的社保卡",
  "A type I debit card, or a social security card with its bank account activated",
];
const SOCIAL_CARD: MaterialSpec = ["社会保障卡", "Social security card", "原件", "Original"];
const PHOTO: MaterialSpec = [
  "近期免冠照片",
  "Recent bareheaded photo",
  "一寸白底彩色照片2张",
  "Two one-inch colour photos on a white background",
];

interface MatterSpec {
  id: string;
  name: string;
  nameEn: string;
  category: MatterCategory;
  description: string;
  descriptionEn: string;
  materials: MaterialSpec[];
  processingDays: number;
  proxyAllowed: boolean;
  fee?: number;
  feeNote?: string;
  retired?: boolean;
}

const MATTERS: MatterSpec[] = [
  // 民政
  {
    id: "minimum-living-allowance",
    name: "最低生活保障申请",
    nameEn: "Minimum living allowance (dibao) application",
    category: "civil_affairs",
    description:
      "家庭人均收入低于本市低保标准、且家庭财产符合规定的居民，可以家庭为单位申请。社区受理后入户调查并张榜公示，报街道审核、区民政局审批。",
    descriptionEn:
      "Households whose income per member is below the city's minimum living standard and whose assets meet the rules may apply as a household. The community visits the home and posts a public notice; the street office reviews and the district civil affairs bureau approves.",
    materials: [
      [
        "家庭成员居民身份证",
        "ID cards of every household member",
        "原件及复印件一份",
        "Originals and one copy each",
      ],
      HUKOU,
      [
        "家庭经济状况核对授权书",
        "Authorisation to check the household's finances",
        "窗口领取，家庭成员逐一签字",
        "Collect it at the window; every household member signs",
      ],
      [
        "收入证明",
        "Proof of income",
        "工资单、失业证明或无收入声明",
        "Payslips, proof of unemployment, or a signed no-income statement",
      ],
      BANK_CARD,
      [
        "残疾人证或疾病诊断证明",
        "Disability certificate or medical diagnosis",
        "家庭成员有残疾或重病的提供",
        "If a household member is disabled or seriously ill",
        false,
      ],
    ],
    processingDays: 30,
    proxyAllowed: true,
  },
  {
    id: "temporary-assistance",
    name: "临时救助申请",
    nameEn: "Temporary assistance",
    category: "civil_affairs",
    description:
      "因火灾、交通事故、突发重大疾病等原因导致基本生活暂时出现严重困难的家庭或个人，可申请一次性临时救助。",
    descriptionEn:
      "Households or people whose basic living is suddenly in serious difficulty after a fire, a road accident, a sudden serious illness or the like may apply for a one-off payment.",
    materials: [
      ID_CARD,
      HUKOU,
      [
        "困难情况说明",
        "Statement of the hardship",
        "写明事由和金额，本人签字",
        "What happened and how much, signed",
      ],
      [
        "医疗费用发票及病历",
        "Medical receipts and records",
        "因病申请的提供原件及复印件",
        "Originals and copies, if you apply because of an illness",
        false,
      ],
      BANK_CARD,
    ],
    processingDays: 10,
    proxyAllowed: false,
  },
  {
    id: "special-hardship-support",
    name: "特困人员救助供养申请",
    nameEn: "Support for people in extreme hardship",
    category: "civil_affairs",
    description:
      "无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或其义务人无履行能力的老年人、残疾人和未成年人，可申请特困人员救助供养。",
    descriptionEn:
      "Older people, people with disabilities and minors who cannot work, have no income, and have nobody legally bound (or able) to support them may apply.",
    materials: [
      ID_CARD,
      HUKOU,
      PHOTO,
      [
        "残疾人证",
        "Disability certificate",
        "如有，提供原件及复印件",
        "If you have one: original and copy",
        false,
      ],
      BANK_CARD,
    ],
    processingDays: 20,
    proxyAllowed: false,
  },
  {
    id: "funeral-subsidy",
    name: "惠民殡葬补贴申领",
    nameEn: "Funeral subsidy",
    category: "civil_affairs",
    description: "本市户籍居民去世后，其亲属可凭火化证明申领基本殡葬服务费用补贴。",
    descriptionEn:
      "After a resident with local household registration dies, relatives may claim the subsidy for basic funeral services with the cremation certificate.",
    materials: [
      ["逝者身份证及户口簿", "The deceased's ID card and household register", "原件", "Originals"],
      [
        "火化证明",
        "Cremation certificate",
        "殡仪馆出具，原件及复印件",
        "Issued by the funeral home; original and copy",
      ],
      ["殡葬服务费用发票", "Funeral service invoice", "原件", "Original"],
      ["经办人身份证", "ID card of the relative applying", "原件", "Original"],
      BANK_CARD,
    ],
    processingDays: 10,
    proxyAllowed: false,
  },
  // 社会保险
  {
    id: "resident-pension-enrolment",
    name: "城乡居民养老保险参保登记",
    nameEn: "Resident pension insurance enrolment",
    category: "social_security",
    description:
      "年满16周岁（在校学生除外）、未参加职工基本养老保险的本市户籍居民，可在户籍所在社区办理参保登记并选择缴费档次。",
    descriptionEn:
      "Residents aged 16 or over (students excepted) with local household registration and no employee pension insurance may enrol at their community and choose a contribution level.",
    materials: [
      ID_CARD,
      HUKOU,
      [
        "本人银行卡或社会保障卡",
        "Bank card or social security card",
        "用于签订缴费代扣协议",
        "For the direct-debit agreement",
      ],
    ],
    processingDays: 3,
    proxyAllowed: true,
  },
  {
    id: "social-security-card",
    name: "社会保障卡申领、补换",
    nameEn: "Social security card: apply, replace or renew",
    category: "social_security",
    description:
      "首次申领、损坏换卡、遗失补卡均可在社区窗口受理，制卡完成后短信通知到社区领取。卡片遗失的，请先拨打12333挂失。",
    descriptionEn:
      "First cards, replacements for damaged cards and lost cards are taken in here; you get a text message when the card is ready to collect. Report a lost card first by calling 12333.",
    materials: [
      ID_CARD,
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "白底一寸彩色照片，或照相馆出具的数码照片回执",
        "A one-inch colour photo on white, or the digital photo receipt from a photo studio",
      ],
      [
        "原社会保障卡",
        "Your old social security card",
        "损坏换卡时交回",
        "Hand it in when replacing a damaged card",
        false,
      ],
      [
        "监护人身份证及户口簿",
        "Guardian's ID card and household register",
        "为16周岁以下未成年人申领时提供",
        "When applying for a child under 16",
        false,
      ],
    ],
    processingDays: 15,
    proxyAllowed: false,
  },
  {
    id: "pension-qualification",
    name: "养老金领取资格认证",
    nameEn: "Annual pension eligibility check",
    category: "social_security",
    description:
      "领取养老金的人员每年需进行一次资格认证。可通过手机刷脸自助认证；不便使用手机的老人可到窗口由工作人员协助办理。",
    descriptionEn:
      "Everyone drawing a pension confirms their eligibility once a year. It can be done by face recognition on a phone; older people who cannot use a phone can do it at the window with staff's help.",
    materials: [
      ["居民身份证", "Resident ID card", "原件", "Original"],
      [SOCIAL_CARD[0], SOCIAL_CARD[1], SOCIAL_CARD[2], SOCIAL_CARD[3], false],
    ],
    processingDays: 0,
    proxyAllowed: false,
  },
  {
    id: "pension-benefit-claim",
    name: "城乡居民养老保险待遇领取申请",
    nameEn: "Claiming the resident pension",
    category: "social_security",
    description:
      "参加城乡居民养老保险、年满60周岁且累计缴费满15年（或按规定补缴）的居民，可申请按月领取养老金。",
    descriptionEn:
      "Enrolled residents aged 60 or over with at least 15 years of contributions (or back payments as allowed) may apply to draw the pension monthly.",
    materials: [
      ID_CARD,
      HUKOU,
      [
        "社会保障卡",
        "Social security card",
        "须已激活金融功能，养老金按月发放至此账户",
        "With its bank account activated: the pension is paid into it monthly",
      ],
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "一寸白底彩色照片1张",
        "One one-inch colour photo on white",
      ],
    ],
    processingDays: 10,
    proxyAllowed: false,
  },
  {
    id: "flexible-employment-insurance",
    name: "灵活就业人员社保登记",
    nameEn: "Social insurance registration for flexible workers",
    category: "social_security",
    description:
      "个体工商户和未在用人单位参保的灵活就业人员，可以个人身份参加职工基本养老保险和职工基本医疗保险。",
    descriptionEn:
      "The self-employed and flexible workers not insured through an employer may join the employee pension and medical insurance as individuals.",
    materials: [ID_CARD, HUKOU_OR_PERMIT, BANK_CARD],
    processingDays: 0,
    proxyAllowed: false,
  },
  // 医疗保险
  {
    id: MATERNITY_MATTER_ID,
    name: "生育保险报销",
    nameEn: "Maternity insurance reimbursement",
    category: "medical_insurance",
    description:
      "参加生育保险的女职工及参保的灵活就业人员，分娩或施行计划生育手术后一年内，可申请报销生育医疗费用并申领生育津贴。",
    descriptionEn:
      "Insured women, including insured flexible workers, may claim the medical costs of childbirth or a family-planning operation and the maternity allowance within a year.",
    materials: [
      ID_CARD,
      ["出生医学证明", "Medical birth certificate", "原件及复印件一份", "Original and one copy"],
      [
        "医疗费用发票",
        "Medical invoices",
        "住院及产检费用收费票据原件",
        "Originals of the hospital and antenatal receipts",
      ],
      [
        "费用明细清单及出院小结",
        "Itemised bill and discharge summary",
        "须加盖医院公章",
        "Stamped by the hospital",
      ],
      BANK_CARD,
      ["结婚证", "Marriage certificate", "有则提供复印件", "A copy, if you have one", false],
    ],
    processingDays: 20,
    proxyAllowed: false,
  },
  {
    id: "resident-medical-insurance",
    name: "城乡居民医保参保登记",
    nameEn: "Resident medical insurance enrolment",
    category: "medical_insurance",
    description:
      "未参加职工医保的本市户籍居民、持居住证的常住人口和新生儿，可办理城乡居民基本医疗保险参保登记；每年9月至12月为集中缴费期。",
    descriptionEn:
      "Residents without employee medical insurance — locally registered residents, residence permit holders and newborns — may enrol in the resident medical insurance; the yearly payment period runs from September to December.",
    materials: [
      [
        "居民身份证或出生医学证明",
        "ID card, or the medical birth certificate for a newborn",
        "原件",
        "Original",
      ],
      HUKOU_OR_PERMIT,
    ],
    processingDays: 0,
    proxyAllowed: false,
  },
  {
    id: "medical-reimbursement",
    name: "医疗费用手工报销",
    nameEn: "Claiming medical costs by hand",
    category: "medical_insurance",
    description: "因急诊在外地就医等原因未能直接结算的住院或门诊费用，可凭票据到窗口申请手工报销。",
    descriptionEn:
      "Hospital or outpatient costs that could not be settled directly — after an emergency out of town, for example — may be claimed at the window with the receipts.",
    materials: [
      SOCIAL_CARD,
      ["医疗费用发票", "Medical invoices", "原件", "Originals"],
      ["费用明细清单", "Itemised bill", "加盖医院公章", "Stamped by the hospital"],
      ["出院小结或门诊病历", "Discharge summary or outpatient record", "复印件", "Copy"],
      [
        "异地就医备案凭证",
        "Out-of-town treatment filing",
        "已办理备案的提供",
        "If you filed the treatment in advance",
        false,
      ],
    ],
    processingDays: 20,
    proxyAllowed: false,
  },
  {
    id: "chronic-disease",
    name: "门诊慢特病待遇认定",
    nameEn: "Outpatient chronic and special disease benefit",
    category: "medical_insurance",
    description:
      "患有高血压、糖尿病等规定病种的参保人，经认定后门诊费用可按更高比例报销。社区受理后报医保经办机构组织认定。",
    descriptionEn:
      "Insured people with listed conditions such as hypertension or diabetes can have outpatient costs reimbursed at a higher rate once recognised. The community passes the application to the medical insurance agency.",
    materials: [
      SOCIAL_CARD,
      ["诊断证明", "Diagnosis certificate", "二级及以上医院出具", "From a hospital of grade II or above"],
      ["近半年检查报告及病历", "Test reports and medical records of the last six months", "复印件", "Copies"],
    ],
    processingDays: 15,
    proxyAllowed: false,
  },
  // 就业
  {
    id: "unemployment-registration",
    name: "失业登记",
    nameEn: "Unemployment registration",
    category: "employment",
    description:
      "法定劳动年龄内、有劳动能力和就业要求、处于无业状态的居民，可在常住地办理失业登记，享受免费职业介绍、职业培训等服务。",
    descriptionEn:
      "Residents of working age who can and want to work but have no job may register where they live, for free job placement, training and other services.",
    materials: [
      ID_CARD,
      HUKOU_OR_PERMIT,
      [
        "解除或终止劳动合同证明",
        "Proof the employment contract ended",
        "原单位出具，有则提供",
        "From your former employer, if you have it",
        false,
      ],
    ],
    processingDays: 0,
    proxyAllowed: false,
  },
  {
    id: "employment-difficulty",
    name: "就业困难人员认定",
    nameEn: "Recognition as a person with employment difficulties",
    category: "employment",
    description:
      "已办理失业登记的大龄失业人员（女40周岁、男50周岁以上）、残疾人、低保家庭成员、零就业家庭成员等，可申请认定；认定后可享受公益性岗位安置和社保补贴。",
    descriptionEn:
      "Registered unemployed people who are older (women over 40, men over 50), disabled, in a dibao household or in a household with nobody in work may apply; once recognised they can get public-welfare jobs and social insurance subsidies.",
    materials: [
      ID_CARD,
      HUKOU,
      ["就业创业证", "Employment and entrepreneurship certificate", "原件", "Original"],
      [
        "残疾人证或低保证",
        "Disability or dibao certificate",
        "符合相应条件的提供",
        "If you qualify on that ground",
        false,
      ],
    ],
    processingDays: 10,
    proxyAllowed: false,
  },
  {
    id: "flexible-employment-subsidy",
    name: "灵活就业人员社保补贴申领",
    nameEn: "Social insurance subsidy for flexible workers",
    category: "employment",
    description:
      "就业困难人员和离校2年内未就业的高校毕业生实现灵活就业并缴纳社会保险的，可按规定申领社会保险补贴，每半年申领一次。",
    descriptionEn:
      "People with employment difficulties and graduates within two years of leaving college who work flexibly and pay social insurance may claim a subsidy every six months.",
    materials: [
      ID_CARD,
      ["就业创业证", "Employment and entrepreneurship certificate", "原件", "Original"],
      [
        "社会保险缴费凭证",
        "Social insurance payment records",
        "近半年，可在社保网站下载打印",
        "For the last six months; printable from the social insurance website",
      ],
      [
        "灵活就业情况说明",
        "Statement of your flexible work",
        "窗口提供模板，本人签字",
        "Template at the window; sign it",
      ],
      BANK_CARD,
    ],
    processingDays: 20,
    proxyAllowed: false,
  },
  {
    id: "employment-certificate",
    name: "就业创业证申领",
    nameEn: "Employment and entrepreneurship certificate",
    category: "employment",
    description: "劳动年龄内的居民可申领《就业创业证》，用于记录就业失业状态、申领补贴和享受就业扶持政策。",
    descriptionEn:
      "Working-age residents may apply for the Employment and Entrepreneurship Certificate, which records employment status and is needed to claim subsidies and job support.",
    materials: [
      ID_CARD,
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "一寸白底彩色照片1张",
        "One one-inch colour photo on white",
      ],
    ],
    processingDays: 5,
    proxyAllowed: false,
  },
  {
    id: "paper-employment-card",
    name: "纸质《就业失业登记证》换发",
    nameEn: "Exchanging the paper employment registration card",
    category: "employment",
    description: "纸质《就业失业登记证》已停止换发，由《就业创业证》及其电子证照替代。",
    descriptionEn:
      "The paper employment registration card is no longer exchanged: the Employment and Entrepreneurship Certificate and its electronic version replace it.",
    materials: [ID_CARD, ["原《就业失业登记证》", "The old paper card", "原件", "Original"]],
    processingDays: 5,
    proxyAllowed: false,
    retired: true,
  },
  // 生育与家庭
  {
    id: "birth-service-registration",
    name: "生育服务登记",
    nameEn: "Birth service registration",
    category: "family_births",
    description:
      "夫妻生育子女的（一孩、二孩、三孩均可），可在一方户籍地或居住地社区办理生育服务登记，登记后享受免费孕前检查、孕产期保健等服务。",
    descriptionEn:
      "Couples expecting a child (first, second or third) may register at the community where either of them is registered or lives, for free pre-pregnancy checks and maternal care.",
    materials: [
      ["夫妻双方居民身份证", "ID cards of both spouses", "原件", "Originals"],
      HUKOU_OR_PERMIT,
      ["结婚证", "Marriage certificate", "有则提供", "If you have one", false],
    ],
    processingDays: 0,
    proxyAllowed: false,
  },
  {
    id: "only-child-parent-reward",
    name: "独生子女父母奖励申领",
    nameEn: "Reward for parents of an only child",
    category: "family_births",
    description: "持有《独生子女父母光荣证》的企业退休职工和城镇居民，可按规定申领一次性奖励或奖励扶助金。",
    descriptionEn:
      "Retired enterprise workers and urban residents holding the Honour Certificate for Parents of an Only Child may claim the one-off reward or the support payment under the rules.",
    materials: [
      ID_CARD,
      HUKOU,
      ["独生子女父母光荣证", "Honour Certificate for Parents of an Only Child", "原件", "Original"],
      ["退休证", "Retirement certificate", "企业退休职工提供", "For retired enterprise workers", false],
      BANK_CARD,
    ],
    processingDays: 20,
    proxyAllowed: false,
  },
  {
    id: "childcare-subsidy",
    name: "育儿补贴申领",
    nameEn: "Childcare subsidy",
    category: "family_births",
    description:
      "三周岁以下婴幼儿的父母或其他监护人，可为孩子申领国家育儿补贴，每孩每年3600元，按年发放至申领人账户。",
    descriptionEn:
      "Parents or other guardians of children under three may claim the national childcare subsidy of 3,600 yuan per child per year, paid yearly into the applicant's account.",
    materials: [
      ["申领人居民身份证", "Applicant's ID card", "原件", "Original"],
      [
        "婴幼儿出生医学证明",
        "The child's medical birth certificate",
        "原件及复印件一份",
        "Original and one copy",
      ],
      ["婴幼儿户口簿本人页", "The child's page of the household register", "原件", "Original"],
      BANK_CARD,
    ],
    processingDays: 10,
    proxyAllowed: false,
  },
  {
    id: "migrant-marriage-birth-proof",
    name: "流动人口婚育证明开具",
    nameEn: "Marriage and childbirth certificate for migrants",
    category: "family_births",
    description: "流动人口婚育证明已取消，办理相关业务时不再需要提供。",
    descriptionEn:
      "The marriage and childbirth certificate for migrants has been abolished and is no longer required.",
    materials: [ID_CARD, HUKOU],
    processingDays: 0,
    proxyAllowed: false,
    retired: true,
  },
  // 养老与助残
  {
    id: "senior-allowance",
    name: "高龄津贴申领",
    nameEn: "Senior allowance (80 and over)",
    category: "elderly_disability",
    description:
      "年满80周岁的本市户籍老年人可按月领取高龄津贴，年龄越大标准越高。行动不便的老人可由家属代为申请，或由社区工作人员上门代办。",
    descriptionEn:
      "Residents with local household registration aged 80 or over receive a monthly allowance that rises with age. Relatives may apply for older people who cannot come, or staff can take it in at home.",
    materials: [
      ["老人居民身份证", "The older person's ID card", "原件及复印件一份", "Original and one copy"],
      HUKOU,
      [
        "老人本人银行卡或社会保障卡",
        "The older person's bank card or social security card",
        "津贴按月发放至此账户",
        "The allowance is paid into it monthly",
      ],
      [
        "代办人身份证",
        "ID card of the relative applying",
        "家属代为申请时提供",
        "When a relative applies on their behalf",
        false,
      ],
    ],
    processingDays: 15,
    proxyAllowed: true,
  },
  {
    id: "disability-allowances",
    name: "残疾人两项补贴申请",
    nameEn: "The two disability allowances",
    category: "elderly_disability",
    description:
      "低保家庭中的残疾人可申请困难残疾人生活补贴；一、二级重度残疾人可申请重度残疾人护理补贴。符合条件的可同时享受两项补贴。",
    descriptionEn:
      "People with disabilities in dibao households may apply for the living allowance; people with severe (grade 1 or 2) disabilities may apply for the nursing allowance. Those who qualify for both receive both.",
    materials: [
      ID_CARD,
      [
        "第二代残疾人证",
        "Second-generation disability certificate",
        "原件及复印件一份",
        "Original and one copy",
      ],
      HUKOU,
      BANK_CARD,
      ["低保证", "Dibao certificate", "申请生活补贴时提供", "When applying for the living allowance", false],
    ],
    processingDays: 20,
    proxyAllowed: true,
  },
  {
    id: "elderly-preferential-card",
    name: "老年人优待证办理",
    nameEn: "Senior preferential card",
    category: "elderly_disability",
    description: "年满60周岁的老年人可办理老年人优待证，凭证乘坐公交、游览公园景区等享受免费或优惠。",
    descriptionEn:
      "People aged 60 or over may get the senior preferential card, for free or cheaper buses, parks and sights.",
    materials: [
      ["居民身份证", "Resident ID card", "原件", "Original"],
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "一寸白底彩色照片1张",
        "One one-inch colour photo on white",
      ],
    ],
    processingDays: 5,
    proxyAllowed: true,
  },
  {
    id: "home-care-subsidy",
    name: "居家养老服务补贴申请",
    nameEn: "Home care service subsidy",
    category: "elderly_disability",
    description:
      "经济困难的高龄、失能老年人经评估后，可按月获得居家养老服务补贴，用于购买助餐、助洁、助浴等上门服务。",
    descriptionEn:
      "Older people on low incomes who are very old or cannot look after themselves can, after an assessment, receive a monthly subsidy for meals, cleaning and bathing services at home.",
    materials: [
      ID_CARD,
      HUKOU,
      [
        "低保证或特困供养证",
        "Dibao or extreme-hardship certificate",
        "经济困难的证明",
        "Proof of low income",
        false,
      ],
      ["失能评估报告", "Care needs assessment", "已评估的提供", "If you have been assessed", false],
    ],
    processingDays: 15,
    proxyAllowed: true,
  },
  // 证明证照
  {
    id: "residence-permit",
    name: "居住证申领",
    nameEn: "Residence permit",
    category: "certificates",
    description:
      "离开常住户口所在地、在本市居住半年以上，且有合法稳定就业、合法稳定住所或连续就读的，可申领居住证，凭证享受子女入学、社保等基本公共服务。",
    descriptionEn:
      "People who have lived in the city for six months or more away from where their household is registered, with a legal stable job, home or full-time study, may apply for a residence permit, which opens school places, social insurance and other public services.",
    materials: [
      ID_CARD,
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "照相馆出具的数码照片回执",
        "The digital photo receipt from a photo studio",
      ],
      [
        "住所证明",
        "Proof of your home",
        "房屋租赁合同或房产证明，原件及复印件",
        "Tenancy agreement or property certificate; original and copy",
      ],
      [
        "就业或就读证明",
        "Proof of work or study",
        "劳动合同、营业执照或学校证明",
        "Employment contract, business licence or school letter",
        false,
      ],
    ],
    processingDays: 15,
    proxyAllowed: false,
    feeNote: "首次申领免费",
  },
  {
    id: "residence-permit-renewal",
    name: "居住证补领、换领",
    nameEn: "Residence permit: replacement or renewal",
    category: "certificates",
    description: "居住证遗失、损坏或登记信息变更的，可申请补领、换领。",
    descriptionEn: "Apply here if your residence permit is lost or damaged, or its details have changed.",
    materials: [
      ID_CARD,
      [
        "近期免冠照片",
        "Recent bareheaded photo",
        "照相馆出具的数码照片回执",
        "The digital photo receipt from a photo studio",
      ],
      ["原居住证", "Your old residence permit", "换领时交回", "Hand it in when renewing", false],
    ],
    processingDays: 15,
    proxyAllowed: false,
    fee: 20,
    feeNote: "工本费20元（首次申领免费）",
  },
  {
    id: "residence-certificate",
    name: "居住证明开具",
    nameEn: "Certificate of residence",
    category: "certificates",
    description:
      "社区可为在本社区实际居住的居民开具居住证明，用于子女入学、申领居住证等。工作人员核实居住情况后当场出具。",
    descriptionEn:
      "The community certifies that you actually live here, for school enrolment, a residence permit and the like. Staff check and issue it on the spot.",
    materials: [
      ["居民身份证", "Resident ID card", "原件", "Original"],
      ["户口簿或房产证明", "Household register or property certificate", "原件", "Original"],
      [
        "房屋租赁合同",
        "Tenancy agreement",
        "租住的提供原件及复印件",
        "If you rent: original and copy",
        false,
      ],
    ],
    processingDays: 0,
    proxyAllowed: false,
  },
];

/** The second community's two matters: enough to see that its tickets and catalog stay its own. */
const OTHER_MATTERS: MatterSpec[] = [
  {
    ...(MATTERS.find((m) => m.id === "social-security-card") as MatterSpec),
    id: "cj-social-security-card",
  },
  {
    ...(MATTERS.find((m) => m.id === "residence-certificate") as MatterSpec),
    id: "cj-residence-certificate",
  },
];

function matterOf(spec: MatterSpec, communityId: string, centerId: string, madeAt: string): Matter {
  return {
    id: spec.id,
    communityId,
    centerId,
    name: spec.name,
    nameEn: spec.nameEn,
    category: spec.category,
    description: spec.description,
    descriptionEn: spec.descriptionEn,
    materials: spec.materials.map(
      ([name, nameEn, note, noteEn, required = true], i): Material => ({
        id: `m${i + 1}`,
        name,
        nameEn,
        note,
        noteEn,
        required,
      }),
    ),
    processingDays: spec.processingDays,
    proxyAllowed: spec.proxyAllowed,
    fee: spec.fee ?? 0,
    feeNote: spec.feeNote ?? null,
    status: spec.retired ? "retired" : "active",
    createdAt: madeAt,
    updatedAt: madeAt,
  };
}

// ——— The past four weeks ———

type PastResult = "done" | "materials_missing" | "no_show" | "cancelled";

interface PastCase {
  resident: number;
  matterId: string;
  result: PastResult;
  /** For materials_missing: what was missing (material ids) and what staff wrote down. */
  missing?: string[];
  note?: string;
  /** Comes back a few open days later with everything and is done (not a first-visit completion). */
  cameBack?: boolean;
  /** Booked at the window by staff for an older resident. */
  byStaff?: boolean;
}

const PAST: PastCase[] = [
  { resident: 3, matterId: "social-security-card", result: "done" },
  {
    resident: 4,
    matterId: MATERNITY_MATTER_ID,
    result: "materials_missing",
    missing: ["m4"],
    note: "出院小结未加盖医院公章，请到分娩医院病案室盖章后再来。",
    cameBack: true,
  },
  { resident: 5, matterId: "unemployment-registration", result: "done" },
  { resident: 6, matterId: "birth-service-registration", result: "done" },
  { resident: 7, matterId: "pension-qualification", result: "done", byStaff: true },
  { resident: 8, matterId: "resident-medical-insurance", result: "done" },
  { resident: 9, matterId: "resident-pension-enrolment", result: "done" },
  { resident: 10, matterId: "residence-certificate", result: "done" },
  {
    resident: 12,
    matterId: "disability-allowances",
    result: "materials_missing",
    missing: ["m2"],
    note: "残疾人证已过有效期，请先到区残联换领第二代残疾人证。",
    cameBack: true,
  },
  { resident: 11, matterId: "childcare-subsidy", result: "done" },
  { resident: 13, matterId: "minimum-living-allowance", result: "done" },
  { resident: 14, matterId: "employment-difficulty", result: "no_show" },
  { resident: 15, matterId: "medical-reimbursement", result: "done" },
  { resident: 16, matterId: "social-security-card", result: "cancelled" },
  { resident: 17, matterId: "residence-permit", result: "done" },
  { resident: 18, matterId: "flexible-employment-insurance", result: "done" },
  { resident: 19, matterId: "elderly-preferential-card", result: "done", byStaff: true },
  { resident: 20, matterId: "pension-qualification", result: "done" },
  {
    resident: 21,
    matterId: "temporary-assistance",
    result: "materials_missing",
    missing: ["m4"],
    note: "因病申请，请补充住院费用发票原件及出院记录。",
  },
  { resident: 22, matterId: MATERNITY_MATTER_ID, result: "done" },
  { resident: 23, matterId: "only-child-parent-reward", result: "done" },
  { resident: 24, matterId: "chronic-disease", result: "no_show" },
  { resident: 25, matterId: "residence-certificate", result: "cancelled" },
  { resident: 26, matterId: "unemployment-registration", result: "done" },
  {
    resident: 5,
    matterId: "flexible-employment-subsidy",
    result: "materials_missing",
    missing: ["m3"],
    note: "社保缴费凭证只有三个月，须提供近六个月的缴费记录。",
    cameBack: true,
  },
  { resident: 27, matterId: "pension-benefit-claim", result: "done" },
  { resident: 28, matterId: "home-care-subsidy", result: "done" },
  { resident: 3, matterId: "resident-medical-insurance", result: "done" },
  { resident: 8, matterId: "employment-certificate", result: "done" },
  { resident: 10, matterId: "social-security-card", result: "no_show" },
  { resident: 13, matterId: "temporary-assistance", result: "done" },
  { resident: 15, matterId: "residence-permit-renewal", result: "done" },
  { resident: 17, matterId: "funeral-subsidy", result: "done" },
  { resident: 19, matterId: "senior-allowance", result: "cancelled" },
  { resident: 20, matterId: "special-hardship-support", result: "done" },
  { resident: 6, matterId: "childcare-subsidy", result: "done" },
  { resident: 26, matterId: "employment-difficulty", result: "done" },
  { resident: 18, matterId: "residence-certificate", result: "done" },
  { resident: 27, matterId: "chronic-disease", result: "done" },
];

/** Open days come back after this many open days when materials were missing. */
const COME_BACK_AFTER = 3;

// ——— Ahead ———

interface AheadCase {
  resident: number;
  matterId: string;
  /** Which open day: 0 = today (only if the slot is still ahead), 1 = the next open day, 2 = the one after. */
  day: 0 | 1 | 2;
  /** Wanted time; a day without it (Saturday afternoon) takes its last slot. */
  time: string;
}

// Never 王秀兰 (resident 1) for the maternity matter: the browser test books it for her.
const AHEAD: AheadCase[] = [
  { resident: 14, matterId: "employment-difficulty", day: 0, time: "16:45" },
  { resident: 29, matterId: "residence-permit", day: 1, time: "10:30" },
  { resident: 2, matterId: "residence-certificate", day: 1, time: "10:30" },
  { resident: 21, matterId: "temporary-assistance", day: 1, time: "14:00" },
  { resident: 32, matterId: "birth-service-registration", day: 2, time: "15:00" },
  { resident: 8, matterId: "childcare-subsidy", day: 2, time: "15:00" },
];

// ——— Helpers ———

const STAFF = [demoUserId("demo-staff-1"), demoUserId("demo-staff-2")];
const residentId = (n: number) => demoUserId(`demo-resident-${n}`);
const residentName = (n: number) => RESIDENT_NAMES[n - 1] as string;

/** A ticket code that depends only on the appointment id, drawn from the real alphabet. */
function ticketCodeFor(id: string, taken: Set<string>): string {
  for (let salt = 0; ; salt++) {
    const bytes = createHash("sha256").update(`${id}#${salt}`).digest();
    let i = 0;
    const code = newTicketCode((max) => (bytes[i++] as number) % max);
    if (isTicketCode(code) && !taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

const compact = (date: string) => date.replace(/-/g, "");

export function buildWindowDemo(now: Date): Record<string, unknown>[] {
  const today = shanghaiDate(now);
  const nowIso = now.toISOString();
  // The catalog was set up a week before the oldest appointment; all of it from the day alone.
  const madeAt = shanghaiInstant(addDays(today, -35), "09:00");
  const [center, other] = centers(madeAt) as [Center, Center];
  const matters = MATTERS.map((spec) => matterOf(spec, DEMO_COMMUNITY.id, center.id, madeAt));
  const otherMatters = OTHER_MATTERS.map((spec) => matterOf(spec, OTHER_COMMUNITY.id, other.id, madeAt));
  const matterById = new Map(matters.map((m) => [m.id, m]));
  const items: Record<string, unknown>[] = [
    centerItem(center),
    centerItem(other),
    ...matters.map(matterItem),
    ...otherMatters.map(matterItem),
  ];

  const openDay = (date: string) => {
    const day = centerDay(center, date, null);
    return day.open ? { date, slots: slotsOf(center, day) } : null;
  };
  /** The slot at a time of the day, or the day's last slot when it has none then (Saturday afternoon). */
  const slotAt = (day: { date: string; slots: SlotTime[] }, time: string): SlotTime => {
    const wanted = shanghaiInstant(day.date, time);
    return day.slots.find((s) => s.startsAt === wanted) ?? (day.slots[day.slots.length - 1] as SlotTime);
  };

  const appointments: Appointment[] = [];
  const codes = new Set<string>();
  /** Who holds a seat in each slot (cancelled appointments included, so nobody is seated twice). */
  const seated = new Map<string, string[]>();
  let n = 0;
  const make = (
    resident: number,
    matterId: string,
    slot: SlotTime,
    createdAt: string,
    options: { byStaff?: boolean; ahead?: number } = {},
  ): Appointment => {
    const matter = matterById.get(matterId);
    if (matter?.status !== "active") throw new Error(`Demo: no active matter ${matterId}`);
    const date = shanghaiDate(slot.startsAt);
    // Ahead ones are named after their case, so today's (there or not) leaves the others' ids alone.
    const suffix = options.ahead === undefined ? `w${String(++n).padStart(2, "0")}` : `a${options.ahead + 1}`;
    const id = `${compact(date)}-seed-${suffix}`;
    const appointment: Appointment = {
      id,
      ticketCode: ticketCodeFor(id, codes),
      communityId: center.communityId,
      centerId: center.id,
      centerName: center.name,
      centerAddress: center.address,
      matterId: matter.id,
      matterName: matter.name,
      matterNameEn: matter.nameEn,
      category: matter.category,
      userId: residentId(resident),
      residentName: residentName(resident),
      date,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      status: "booked",
      materials: matter.materials,
      confirmedMaterials: matter.materials.filter((m) => m.required).map((m) => m.id),
      bookedVia: options.byStaff ? "staff" : "self",
      bookedBy: options.byStaff ? (STAFF[0] as string) : residentId(resident),
      createdAt,
      checkedInAt: null,
      completedAt: null,
      handledBy: null,
      missing: [],
      note: null,
      firstVisit: null,
      cancelReason: null,
      cancelledAt: null,
    };
    appointments.push(appointment);
    return appointment;
  };
  /** Takes a seat: the preferred slot, else the next one with a window free and the resident not in it yet. */
  const seat = (day: { slots: SlotTime[] }, preferred: number, resident: number): SlotTime => {
    for (let k = 0; k < day.slots.length; k++) {
      const slot = day.slots[(preferred + k) % day.slots.length] as SlotTime;
      const there = seated.get(slot.startsAt) ?? [];
      if (there.length < center.windows && !there.includes(residentId(resident))) {
        seated.set(slot.startsAt, [...there, residentId(resident)]);
        return slot;
      }
    }
    throw new Error("Demo: a day without a free seat");
  };

  // The past: the open days of the last four weeks, the cases spread over them in order.
  const pastDays = Array.from({ length: 28 }, (_, i) => openDay(addDays(today, i - 28))).filter(
    (day): day is NonNullable<typeof day> => day !== null,
  );
  interface Visit {
    case: PastCase;
    slot: SlotTime;
    result: PastResult;
  }
  const visits: Visit[] = [];
  // 王秀兰's visit for her social security card, on the last open day: the photo would not do.
  const last = pastDays.length - 1;
  const wangVisit: PastCase = {
    resident: 1,
    matterId: "social-security-card",
    result: "materials_missing",
    missing: ["m2"],
    note: "照片须为白底一寸彩色免冠照（露双耳、不戴眼镜），请到照相馆拍摄并取得数码回执后再来。",
  };
  PAST.forEach((pastCase, i) => {
    const day = Math.floor((i * pastDays.length) / PAST.length);
    const planned: Array<{ day: number; result: PastResult }> = [{ day, result: pastCase.result }];
    if (pastCase.cameBack && day + COME_BACK_AFTER < pastDays.length)
      planned.push({ day: day + COME_BACK_AFTER, result: "done" });
    for (const [k, plan] of planned.entries()) {
      const on = pastDays[plan.day] as NonNullable<(typeof pastDays)[number]>;
      visits.push({
        case: pastCase,
        // A spread of times over the day: 7 slots apart, wrapping round.
        slot: seat(on, (i * 7 + k * 3 + 2) % on.slots.length, pastCase.resident),
        result: plan.result,
      });
    }
  });
  if (pastDays[last]) {
    const lastDay = pastDays[last];
    visits.push({
      case: wangVisit,
      slot: seat(lastDay, lastDay.slots.indexOf(slotAt(lastDay, "10:00")), 1),
      result: "materials_missing",
    });
  }
  visits.sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt) || a.case.resident - b.case.resident);

  const lastVisits = new Map<string, MatterVisit>();
  const byCase = new Map<PastCase, Appointment[]>();
  for (const [i, visit] of visits.entries()) {
    const { resident, matterId } = visit.case;
    const bookedAt = shanghaiInstant(
      addDays(shanghaiDate(visit.slot.startsAt), -(1 + (i % 5))),
      timeOf(19 * 60 + ((i * 13) % 150)),
    );
    const appointment = make(resident, matterId, visit.slot, bookedAt, { byStaff: visit.case.byStaff });
    byCase.set(visit.case, [...(byCase.get(visit.case) ?? []), appointment]);
    const staff = STAFF[i % 2] as string;
    const arrived = addMinutes(appointment.startsAt, -8 + ((i * 5) % 12));
    const status: AppointmentStatus = visit.result;
    if (status === "cancelled") {
      Object.assign(appointment, { status, cancelledAt: addMinutes(bookedAt, 90 + ((i * 17) % 600)) });
      continue;
    }
    if (status === "no_show") {
      appointment.status = status;
      continue;
    }
    const key = `${appointment.userId}/${matterId}`;
    const before = lastVisits.get(key);
    const missing =
      status === "materials_missing"
        ? (visit.case.missing ?? []).map((id) =>
            materialRef(appointment.materials.find((m) => m.id === id) as Material),
          )
        : [];
    const note = status === "materials_missing" ? (visit.case.note ?? null) : null;
    Object.assign(appointment, {
      status,
      checkedInAt: arrived,
      completedAt: addMinutes(arrived, status === "done" ? 9 + ((i * 7) % 16) : 6 + (i % 5)),
      handledBy: staff,
      missing,
      note,
      firstVisit: status === "done" ? before?.lastResult !== "materials_missing" : null,
    });
    lastVisits.set(key, {
      userId: appointment.userId,
      matterId,
      visits: (before?.visits ?? 0) + 1,
      lastAppointmentId: appointment.id,
      lastResult: status,
      missing,
      note,
      at: appointment.completedAt as string,
    });
  }

  // Ahead: today's last slot if it is still to come, then the next two open days.
  const aheadDays: Array<{ date: string; slots: SlotTime[] } | null> = [openDay(today)];
  for (let date = addDays(today, 1); aheadDays.length < 3; date = addDays(date, 1)) {
    const day = openDay(date);
    if (day) aheadDays.push(day);
  }
  const ledgers = new Map<string, WindowLedger>();
  const upcoming: Appointment[] = [];
  for (const [k, ahead] of AHEAD.entries()) {
    const day = aheadDays[ahead.day];
    if (!day) continue;
    const wanted = slotAt(day, ahead.time);
    // Today: only a slot that has not started (the moment decides; every other day it never does).
    if (wanted.startsAt <= nowIso) continue;
    const slot = seat(day, day.slots.indexOf(wanted), ahead.resident);
    if (slot.startsAt <= nowIso) throw new Error("Demo: an upcoming appointment in the past");
    const appointment = make(
      ahead.resident,
      ahead.matterId,
      slot,
      shanghaiInstant(addDays(today, -1), timeOf(20 * 60 + k * 7)),
      { ahead: k },
    );
    upcoming.push(appointment);
    const ledger = ledgers.get(appointment.userId) ?? { userId: appointment.userId, version: 1, active: {} };
    ledger.active[appointment.id] = {
      matterId: appointment.matterId,
      date: appointment.date,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
    };
    ledgers.set(appointment.userId, ledger);
  }

  // Proxy cases (代办): a senior allowance taken in at home, a disability allowance on its way,
  // a pension enrolment done — the last two taken in from the appointment at the window.
  const proxies: ProxyCase[] = [];
  const proxyCase = (
    resident: number,
    matterId: string,
    receivedAt: string,
    appointment: Appointment | null,
    note: string,
    steps: Array<[ProxyEvent["status"], string, string]>,
  ) => {
    const matter = matterById.get(matterId) as Matter;
    const history: ProxyEvent[] = [{ status: "received", at: receivedAt, by: STAFF[1] as string, note }];
    for (const [status, at, stepNote] of steps) {
      if (at >= shanghaiInstant(today, "00:00")) break;
      history.push({ status, at, by: STAFF[1] as string, note: stepNote });
    }
    const latest = history[history.length - 1] as ProxyEvent;
    const proxy: ProxyCase = {
      id: `${compact(shanghaiDate(receivedAt))}-seed-p${proxies.length + 1}`,
      communityId: matter.communityId,
      centerId: matter.centerId,
      matterId,
      matterName: matter.name,
      matterNameEn: matter.nameEn,
      userId: residentId(resident),
      residentName: residentName(resident),
      appointmentId: appointment?.id ?? null,
      status: latest.status,
      receivedAt,
      receivedBy: STAFF[1] as string,
      expectedBy: addWorkingDays(shanghaiDate(receivedAt), matter.processingDays),
      note,
      history,
      updatedAt: latest.at,
    };
    proxies.push(proxy);
    if (appointment) (appointment as Appointment & { proxyCaseId?: string }).proxyCaseId = proxy.id;
  };
  const doneVisit = (pastCase: PastCase | undefined) =>
    (pastCase && [...(byCase.get(pastCase) ?? [])].reverse().find((a) => a.status === "done")) ?? null;
  const nextMorning = (instant: string, days: number, time: string) =>
    shanghaiInstant(addWorkingDays(shanghaiDate(instant), days), time);

  if (pastDays[last])
    proxyCase(
      7,
      "senior-allowance",
      shanghaiInstant(pastDays[last].date, "15:20"),
      null,
      "老人卧床，工作人员上门核验身份并代为受理。",
      [],
    );
  const disability = doneVisit(PAST.find((c) => c.matterId === "disability-allowances"));
  if (disability) {
    const at = addMinutes(disability.completedAt as string, 2);
    proxyCase(12, "disability-allowances", at, disability, "材料齐全，由社区代为报送。", [
      ["in_progress", nextMorning(at, 1, "10:00"), "已报送街道残联审核。"],
    ]);
  }
  const pension = doneVisit(PAST.find((c) => c.matterId === "resident-pension-enrolment"));
  if (pension) {
    const at = addMinutes(pension.completedAt as string, 1);
    proxyCase(9, "resident-pension-enrolment", at, pension, "选择每年500元缴费档次。", [
      ["in_progress", addMinutes(at, 40), "已录入系统，待街道社保所审核。"],
      ["done", nextMorning(at, 2, "10:00"), "参保登记已完成，下月起按年代扣保费。"],
    ]);
  }

  // Seat counters as the booking transactions leave them: a cancellation gives its seat back.
  const counters = new Map<string, number>();
  for (const appointment of appointments) {
    const seats = counters.get(appointment.startsAt) ?? 0;
    counters.set(appointment.startsAt, seats + (appointment.status === "cancelled" ? 0 : 1));
  }
  for (const [startsAt, booked] of counters) {
    items.push({
      ...keys.windowSlot(center.id, startsAt),
      entity: "WindowSlot",
      centerId: center.id,
      startsAt,
      booked,
    });
  }
  for (const appointment of appointments) items.push(appointmentItem(appointment), ticketItem(appointment));
  for (const appointment of upcoming) items.push(noShowDueItem(appointment));
  for (const ledger of ledgers.values())
    items.push({ ...keys.windowLedger(ledger.userId), entity: "WindowLedger", ...ledger });
  for (const visit of lastVisits.values()) items.push(matterVisitItem(visit));
  items.push(...proxies.map(proxyItem));
  return items;
}
