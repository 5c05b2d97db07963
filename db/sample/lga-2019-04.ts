/**
 * The LGA Strategic Risk Register summary, April 2019 (19 risks), as published in the LGA performance
 * report of March 2019. The sample register; shipped inside the app, never read from outside at run time.
 * Owner cells are kept as printed and split by `splitOwners` when loaded.
 */

export interface SampleRisk {
  ref: string;
  category: string;
  description: string;
  impact: 1 | 2 | 3 | 4 | 5;
  likelihood: 1 | 2 | 3 | 4 | 5;
  mitigation: string;
  /** The owner cell as printed. */
  owner: string;
}

export const LGA_REGISTER_NAME = 'LGA Strategic Risk Register';
export const LGA_AS_AT = '2019-04-01';

export const LGA_SAMPLE: readonly SampleRisk[] = [
  {
    ref: 'SR1',
    category: 'Effectiveness',
    description:
      "The LGA's dependence on central government grant undermines its ability to lobby and represent the sector effectively.",
    impact: 4,
    likelihood: 2,
    mitigation:
      'Clearly report and account separately on grant funded activity. Continue to develop commercial income streams to reduce dependence on MHCLG Grant for improvement activity in the medium term.',
    owner: 'SP/VV',
  },
  {
    ref: 'SR2',
    category: 'Effectiveness',
    description:
      "The priority to maintain membership levels reduces the LGA's ability to drive sector led improvement.",
    impact: 4,
    likelihood: 2,
    mitigation:
      'Pro-active marketing of improvement and leadership programmes; political intelligence to enable early targeting of support.',
    owner: "DS DH HGO'S",
  },
  {
    ref: 'SR3',
    category: 'Effectiveness',
    description:
      'Overemphasis on the problems facing councils leads to failure to set ambitious priorities and seize the strategic opportunities for the sector.',
    impact: 5,
    likelihood: 2,
    mitigation: 'Maintain focus on potential big wins and opportunities for local government',
    owner: 'CX',
  },
  {
    ref: 'SR4',
    category: 'Effectiveness',
    description:
      'The LGA fails to deliver effectively the complex series of changes to its company structures, and the underpinning transition of staff, contracts, systems, finances and insurances.',
    impact: 5,
    likelihood: 3,
    mitigation:
      'Establishment of Transition group to monitor progress and ensure all necessary actions are completed for a smooth move over to the new company.',
    owner: 'Cho',
  },
  {
    ref: 'SR5',
    category: 'Reputation',
    description:
      'The LGA, is seen as the main opposition to central government, potentially impacting adversely on relationships and effective lobbying.',
    impact: 5,
    likelihood: 3,
    mitigation:
      'Continue to build and maintain effective, good quality political relationships; sensitive media/membership messaging',
    owner: 'HGOs DH',
  },
  {
    ref: 'SR6',
    category: 'Reputation',
    description:
      "Consistent messaging about the crisis in local government damages the LGA's reputation as an effective voice for the sector.",
    impact: 3,
    likelihood: 3,
    mitigation:
      'Ensure that all communications activity balances gains and good news stories with challenges',
    owner: 'DH',
  },
  {
    ref: 'SR7',
    category: 'Reputation',
    description:
      'Greater political uncertainty and financial challenge makes it difficult to deliver consensus.',
    impact: 4,
    likelihood: 2,
    mitigation: 'Monitor through HGOs Ongoing political engagement programmes',
    owner: 'CHo HGOs',
  },
  {
    ref: 'SR8',
    category: 'Reputation',
    description:
      'The LGA is excluded from or included in Brexit negotiations leading to new burdens on councils and possible loss of funding',
    impact: 5,
    likelihood: 3,
    mitigation:
      'Continue to work with members to determine their requirements. Development of a Brexit Task Group (established) Maintain ongoing relationship and dialogue with government departments.',
    owner: 'IH',
  },
  {
    ref: 'SR9',
    category: 'Reputation',
    description: 'A councils fails and the LGA is implicated',
    impact: 4,
    likelihood: 2,
    mitigation:
      "Monitor through PA's and Performance Support Panel (PSP) which meets 5 times a year. Regular updates to MHCLG, Chief executive and updates to perm sec.",
    owner: 'DS',
  },
  {
    ref: 'SR10',
    category: 'Reputation',
    description:
      'The LGA could suffer financial and/or reputational loss as a result of Fraud, through ineffective financial and/or personnel controls',
    impact: 5,
    likelihood: 2,
    mitigation: 'Ongoing oversight and regular testing of core controls by Finance and HR.',
    owner: 'JG',
  },
  {
    ref: 'SR11',
    category: 'Reputation',
    description: 'UKMBA fails to launch a bond.',
    impact: 5,
    likelihood: 3,
    mitigation:
      'Additional resources and to communicate offer to the sector and work with UKMBA to secure changes to address concerns of councils.',
    owner: 'SP',
  },
  {
    ref: 'SR12',
    category: 'Membership',
    description:
      "LGA's membership base is reduced as Councils can no longer justify subscription and through proposed restructures of Fire & Rescue Authorities and Welsh councils.",
    impact: 4,
    likelihood: 3,
    mitigation:
      'Monitor restructure proposals and consider options to retain FRAs; increase associate membership scheme, including to PCCs. Monitor through HGOs and PAs; Membership benefits packs. Work with council groupings to ensure they feel properly represented.',
    owner: "CH PA's HGO's",
  },
  {
    ref: 'SR13',
    category: 'Resource management',
    description:
      'Further reductions in income and failure to generate sufficient income from alternative sources, set against pension deficit payments, make the LGA/IDeA financially unsustainable.',
    impact: 5,
    likelihood: 2,
    mitigation:
      'Action to manage pension funds; use property assets and returns to minimise revenue contributions to fund deficits; work to sustain government funding streams prioritise income generating activity and property investments; cultural change programme to engender greater commercial understanding with visible senior and political champions.',
    owner: 'SP CH JG',
  },
  {
    ref: 'SR14',
    category: 'Resource management',
    description:
      "The LGA's high dependence on its property portfolio makes it vulnerable to high construction costs and a downturn in the property market.",
    impact: 4,
    likelihood: 2,
    mitigation:
      'Close monitoring of costs and project risks for refurbishment projects; continued focus on other commercial opportunities.',
    owner: 'SP CHo JG',
  },
  {
    ref: 'SR15',
    category: 'Organisation',
    description:
      "Loss of key staff reduces the LGA's ability to delivery on the expectations of its membership.",
    impact: 3,
    likelihood: 1,
    mitigation: 'Succession planning and staff appraisal and development',
    owner: 'CH',
  },
  {
    ref: 'SR16',
    category: 'Organisation',
    description:
      'ICT systems failure means that LGA is unable to deliver its priorities and services and flexible working model breaks down',
    impact: 5,
    likelihood: 2,
    mitigation:
      'The Brent service is monitored on a weekly, monthly and quarterly basis through company and contract boards and service review meetings. There is an out of hours number for P1 incidents . A new three year strategy has been developed to take account of changing requirements and technologies. All staff will be supplied with laptops providing greater IT resilience',
    owner: 'CHa',
  },
  {
    ref: 'SR17',
    category: 'Organisation',
    description:
      'The LGA is subject of a cybersecurity attack which could cause system failure leading to business disruption, loss of data and associated ICO fines.',
    impact: 5,
    likelihood: 2,
    mitigation:
      'Cybersecurity policy is up to date and managed, LGA continues to improve security and ensure assurances are adhered to. Mandatory cyber essentials training for staff.',
    owner: 'CHa',
  },
  {
    ref: 'SR18',
    category: 'Organisation',
    description:
      'The LGA Mutual takes longer or is unable to attract sufficient members causing a financial loss to the LGA and damage to reputation',
    impact: 5,
    likelihood: 3,
    mitigation:
      'Marketing plans are in place to attract business and operational plans will aim to ensure maximum conversion rate.',
    owner: 'SB',
  },
  {
    ref: 'SR19',
    category: 'Organisation',
    description:
      "The intention to insure through the new Mutual and the timeframe for receiving an insurance quote for the LGA's requirements from the new mutual puts the LGA's insurance arrangements at risk",
    impact: 4,
    likelihood: 2,
    mitigation:
      'Previous contract extended while quotes sought from Mutual. Fall back position is to extend insurance with current providers and accept that there may be additional costs associated with this.',
    owner: 'SP/SB',
  },
];
