export default definePageConfig({
  navigationBarTitleText: "部门与联系人",
});
